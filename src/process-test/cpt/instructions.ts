/**
 * CPT's instructions (TestCaseInstructionType, schema 8.9), each done with the toolkit's own calls, so they
 * wait the same way (poll, settle window) on every cluster. Field names are CPT's. Instructions this engine
 * or runner cannot do are listed in UNSUPPORTED with the reason, so a case using one fails saying why.
 */
import { describeSelector, type ElementSelector, selects } from '../element-selector';
import type { UserTaskSelector } from '../user-task-assert';
import { type CaseContext, expectInstance, type ProcessInstanceSelector, selectInstance } from './case-context';
import { assertDecision, evaluateDecision } from './decision-instructions';
import type { CptInstruction } from './test-case';

type Vars = Record<string, unknown>;
type Handler = (ctx: CaseContext, instruction: CptInstruction) => Promise<void>;

interface JobSelector {
  jobType?: string;
  elementId?: string;
  processDefinitionId?: string;
}

const field = <T>(instruction: CptInstruction, name: string): T => {
  const value = instruction[name];
  if (value === undefined || value === null) throw new Error(`${instruction.type} needs '${name}'`);
  return value as T;
};
const vars = (instruction: CptInstruction, name = 'variables'): Vars => (instruction[name] as Vars) ?? {};
const instanceSelector = (i: CptInstruction) => i.processInstanceSelector as ProcessInstanceSelector | undefined;

function noExampleData(instruction: CptInstruction): void {
  if (instruction.useExampleData === true) {
    throw new Error(`${instruction.type}: useExampleData is not supported here (give 'variables' instead)`);
  }
}

/** CPT element selectors name an id or a name */
function elementSelector(selector: { elementId?: string; elementName?: string }): ElementSelector {
  if (selector.elementId !== undefined && selector.elementName === undefined) return selector.elementId;
  describeSelector(selector);
  return selector;
}

/** A job selector without a jobType: the type is read from the model of the instance the case created. */
async function jobTarget(ctx: CaseContext, selector: JobSelector): Promise<{ type: string; elementId?: string }> {
  if (selector.jobType) return { type: selector.jobType, elementId: selector.elementId };
  if (!selector.elementId) throw new Error('a job selector needs a jobType or an elementId');
  const key = await selectInstance(ctx, { processDefinitionId: selector.processDefinitionId });
  // a lagging cluster may not show the instance just created yet
  await ctx.pt.expectProcessInstance(key).toBeCreated();
  const instance = await ctx.pt.api.processInstance(key);
  if (!instance) throw new Error(`process instance ${key} is not found`);
  const xml = await ctx.pt.api.processDefinitionXml(String(instance.processDefinitionKey));
  const type = jobTypeAt(xml, selector.elementId);
  if (!type) throw new Error(`element '${selector.elementId}' has no job type in its model`);
  return { type, elementId: selector.elementId };
}

/** The zeebe:taskDefinition type of the element with this id (a service, send, script or business rule task). */
export function jobTypeAt(xml: string, elementId: string): string | undefined {
  const escaped = elementId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = new RegExp(`<([\\w-]+:)?\\w+\\b[^>]*\\bid="${escaped}"[^>]*>`).exec(xml);
  if (!start || start[0].endsWith('/>')) return undefined;
  const rest = xml.slice(start.index + start[0].length);
  const tag = /^<([\w-]+:)?(\w+)/.exec(start[0])?.[2];
  const body = rest.slice(0, rest.search(new RegExp(`</([\\w-]+:)?${tag}>`)));
  return /<([\w-]+:)?taskDefinition\b[^>]*\btype="([^"]*)"/.exec(body)?.[2];
}

const ELEMENT_STATES: Record<string, 'ACTIVE' | 'COMPLETED' | 'TERMINATED'> = {
  IS_ACTIVE: 'ACTIVE',
  IS_COMPLETED: 'COMPLETED',
  IS_TERMINATED: 'TERMINATED',
};

export const INSTRUCTIONS: Record<string, Handler> = {
  async CREATE_PROCESS_INSTANCE(ctx, i) {
    if (i.runtimeInstructions !== undefined)
      throw new Error('CREATE_PROCESS_INSTANCE: runtimeInstructions are not supported here');
    const processDefinitionId = field<{ processDefinitionId: string }>(
      i,
      'processDefinitionSelector',
    ).processDefinitionId;
    const start = i.startInstructions as { elementId: string }[] | undefined;
    const key = await ctx.pt.api.createProcessInstance(processDefinitionId, vars(i), start);
    ctx.pt.track(key);
    ctx.created.push({ processInstanceKey: key, processDefinitionId });
  },
  async COMPLETE_JOB(ctx, i) {
    noExampleData(i);
    const selector = field<JobSelector>(i, 'jobSelector');
    const { type, elementId } = await jobTarget(ctx, selector);
    await ctx.pt.completeJob(type, vars(i), { elementId, processDefinitionId: selector.processDefinitionId });
  },
  async THROW_BPMN_ERROR_FROM_JOB(ctx, i) {
    const selector = field<JobSelector>(i, 'jobSelector');
    const { type, elementId } = await jobTarget(ctx, selector);
    await ctx.pt.throwBpmnError(type, field(i, 'errorCode'), {
      elementId,
      processDefinitionId: selector.processDefinitionId,
      errorMessage: i.errorMessage as string | undefined,
      variables: vars(i),
    });
  },
  async MOCK_JOB_WORKER_COMPLETE_JOB(ctx, i) {
    noExampleData(i);
    ctx.mocks.push(ctx.pt.mockJobWorker(field(i, 'jobType')).thenComplete(vars(i)));
  },
  async MOCK_CHILD_PROCESS(ctx, i) {
    await ctx.pt.mockChildProcess(field(i, 'processDefinitionId'), vars(i));
  },
  async MOCK_DMN_DECISION(ctx, i) {
    // decisionOutput is any JSON value; the older `variables` (an object) is CPT's deprecated spelling
    const output = i.decisionOutput !== undefined ? i.decisionOutput : vars(i);
    await ctx.pt.mockDmnDecision(field<string>(i, 'decisionDefinitionId'), output);
  },
  EVALUATE_DECISION: evaluateDecision,
  ASSERT_DECISION: assertDecision,
  async MOCK_JOB_WORKER_THROW_BPMN_ERROR(ctx, i) {
    const mock = ctx.pt.mockJobWorker(field(i, 'jobType'));
    ctx.mocks.push(mock.thenThrowBpmnError(field(i, 'errorCode'), vars(i), i.errorMessage as string | undefined));
  },
  async PUBLISH_MESSAGE(ctx, i) {
    await ctx.pt.api.publishMessage({
      name: field(i, 'name'),
      correlationKey: i.correlationKey as string | undefined,
      timeToLive: i.timeToLive as number | undefined,
      messageId: i.messageId as string | undefined,
      variables: vars(i),
    });
  },
  async CORRELATE_MESSAGE(ctx, i) {
    const correlationKey = i.correlationKey as string | undefined;
    await ctx.pt.api.correlateMessage({ name: field(i, 'name'), correlationKey, variables: vars(i) });
  },
  async BROADCAST_SIGNAL(ctx, i) {
    await ctx.pt.api.broadcastSignal(field(i, 'signalName'), vars(i));
  },
  async INCREASE_TIME(ctx, i) {
    await ctx.pt.clock.advance(field<string>(i, 'duration'));
  },
  async SET_TIME(ctx, i) {
    const time = Date.parse(field<string>(i, 'time'));
    if (Number.isNaN(time)) throw new Error(`SET_TIME: '${String(i.time)}' is not an ISO 8601 instant`);
    await ctx.pt.clock.pin(time);
  },
  async UPDATE_VARIABLES(ctx, i) {
    const key = await selectInstance(ctx, instanceSelector(i));
    const element = i.elementSelector as { elementId?: string; elementName?: string } | undefined;
    if (!element) return ctx.pt.api.updateVariables(key, field(i, 'variables'));
    const selector = elementSelector(element);
    await ctx.pt.expectProcessInstance(key).toBeWaitingAt(selector);
    const scope = (await ctx.pt.elementHistory(key)).find((e) => e.state === 'ACTIVE' && selects(selector, e));
    await ctx.pt.api.updateVariables(String(scope?.elementInstanceKey), field(i, 'variables'), true);
  },
  async RESOLVE_INCIDENT(ctx, i) {
    const selector = field<{ elementId?: string; processDefinitionId?: string }>(i, 'incidentSelector');
    const key = await selectInstance(ctx, { processDefinitionId: selector.processDefinitionId });
    await ctx.pt.expectProcessInstance(key).toHaveIncident({ elementId: selector.elementId });
    const open = (await ctx.pt.api.incidents(key)).filter(
      (inc) => inc.state === 'ACTIVE' && (selector.elementId === undefined || inc.elementId === selector.elementId),
    );
    await ctx.pt.api.resolveIncident(String(open[0].incidentKey));
  },
  async COMPLETE_USER_TASK(ctx, i) {
    noExampleData(i);
    await ctx.pt.completeUserTask(userTaskSelector(i), vars(i));
  },
  async ASSERT_PROCESS_INSTANCE(ctx, i) {
    const instance = await expectInstance(ctx, instanceSelector(i));
    const state = i.state as string | undefined;
    if (state === 'IS_CREATED') await instance.toBeCreated();
    else if (state === 'IS_ACTIVE') await instance.toBeActive();
    else if (state === 'IS_COMPLETED') await instance.toBeCompleted();
    else if (state === 'IS_TERMINATED') await instance.toBeTerminated();
    else if (state !== undefined) throw new Error(`ASSERT_PROCESS_INSTANCE: unknown state '${state}'`);
    if (i.hasActiveIncidents === true) await instance.toHaveIncident({});
    if (i.hasActiveIncidents === false) await instance.toHaveNoIncidents();
  },
  async ASSERT_ELEMENT_INSTANCE(ctx, i) {
    const instance = await expectInstance(ctx, instanceSelector(i));
    const state = ELEMENT_STATES[field<string>(i, 'state')];
    if (!state) throw new Error(`ASSERT_ELEMENT_INSTANCE: unknown state '${String(i.state)}'`);
    const amount = (i.amount as number | undefined) ?? 1;
    await instance.toHavePassedElementTimes(elementSelector(field(i, 'elementSelector')), amount, state);
  },
  async ASSERT_ELEMENT_INSTANCES(ctx, i) {
    const instance = await expectInstance(ctx, instanceSelector(i));
    const selectors = field<{ elementId?: string; elementName?: string }[]>(i, 'elementSelectors').map(elementSelector);
    const ids = () =>
      selectors.map((s) => {
        if (typeof s !== 'string') throw new Error(`${String(i.state)} takes element ids only here`);
        return s;
      });
    const state = field<string>(i, 'state');
    if (state === 'IS_ACTIVE') await instance.toBeWaitingAt(...selectors);
    else if (state === 'IS_COMPLETED') await instance.toHavePassedElements(...selectors);
    else if (state === 'IS_TERMINATED') await instance.toHaveTerminatedElements(...selectors);
    else if (state === 'IS_NOT_ACTIVE') await instance.toHaveNoActiveElements(...selectors);
    else if (state === 'IS_NOT_ACTIVATED') await instance.toHaveNotActivatedElements(...selectors);
    else if (state === 'IS_ACTIVE_EXACTLY') await instance.toBeWaitingOnlyAt(...ids());
    else if (state === 'IS_COMPLETED_IN_ORDER') await instance.toHavePassedElementsInOrder(...selectors);
    else throw new Error(`ASSERT_ELEMENT_INSTANCES: unknown state '${state}'`);
  },
  async ASSERT_VARIABLES(ctx, i) {
    const instance = await expectInstance(ctx, instanceSelector(i));
    const element = i.elementSelector as { elementId?: string; elementName?: string } | undefined;
    const names = (i.variableNames as string[] | undefined) ?? [];
    const values = i.variables as Vars | undefined;
    if (element) {
      const expected = { ...Object.fromEntries(names.map((n) => [n, expectAnything()])), ...values };
      await instance.toHaveLocalVariables(elementSelector(element), expected);
      return;
    }
    if (names.length > 0) await instance.toHaveVariableNames(...names);
    if (values) await instance.toHaveVariables(values);
  },
  async ASSERT_USER_TASK(ctx, i) {
    const task = ctx.pt.expectUserTask(userTaskSelector(i));
    const state = i.state as string | undefined;
    if (state !== undefined) {
      const states: Record<string, () => Promise<void>> = {
        IS_CREATED: () => task.toBeCreated(),
        IS_COMPLETED: () => task.toBeCompleted(),
        IS_CANCELED: () => task.toBeCanceled(),
      };
      if (!states[state]) throw new Error(`ASSERT_USER_TASK: state '${state}' is not supported here`);
      await states[state]();
    }
    if (i.assignee !== undefined) await task.toHaveAssignee(i.assignee as string);
    if (i.candidateGroups !== undefined) await task.toHaveCandidateGroups(...(i.candidateGroups as string[]));
    if (i.priority !== undefined) await task.toHavePriority(i.priority as number);
    if (i.elementId !== undefined) await task.toHaveElementId(i.elementId as string);
    if (i.name !== undefined) await task.toHaveName(i.name as string);
    if (i.dueDate !== undefined) await task.toHaveDueDate(i.dueDate as string);
    if (i.followUpDate !== undefined) await task.toHaveFollowUpDate(i.followUpDate as string);
  },
  async ASSERT_PROCESS_INSTANCE_MESSAGE_SUBSCRIPTION(ctx, i) {
    const instance = await expectInstance(ctx, instanceSelector(i));
    const { messageName, correlationKey } = field<{ messageName: string; correlationKey?: string }>(
      i,
      'messageSelector',
    );
    const state = field<string>(i, 'state');
    if (state === 'IS_WAITING') await instance.toBeWaitingForMessage(messageName, correlationKey);
    else if (state === 'IS_NOT_WAITING') await instance.toHaveNoWaitingMessage(messageName);
    else if (state === 'IS_CORRELATED') await instance.toHaveCorrelatedMessage(messageName, correlationKey);
    else throw new Error(`ASSERT_PROCESS_INSTANCE_MESSAGE_SUBSCRIPTION: unknown state '${state}'`);
  },
};

/** CPT's instructions this runner does not do, and why. */
export const UNSUPPORTED: Record<string, string> = {
  COMPLETE_JOB_AD_HOC_SUB_PROCESS: 'the embedded engine has no ad-hoc subprocesses',
  COMPLETE_JOB_USER_TASK_LISTENER: 'the embedded engine has no user task listeners',
  EVALUATE_CONDITIONAL_START_EVENT: 'the embedded engine has no conditional start events',
  ASSERT_VARIABLE_JUDGE: 'needs an AI judge, which this runner does not have',
};

function userTaskSelector(i: CptInstruction): UserTaskSelector {
  const selector = field<{ elementId?: string; taskName?: string; processDefinitionId?: string }>(
    i,
    'userTaskSelector',
  );
  return selector;
}

/** any value, shown as such in failure messages (variableNames with an element selector) */
function expectAnything(): unknown {
  return {
    asymmetricMatch: (value: unknown) => value !== undefined,
    toAsymmetricMatcher: () => 'anything',
  };
}
