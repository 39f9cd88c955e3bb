/**
 * Issue 22, point 1, through the unmodified SDK (gRPC `modifyProcessInstance`, and the SDK's REST client for
 * `POST /v2/process-instances/{key}/modification`): move a token (terminate + activate in one command), activate
 * inside a sub-process that has no instance (created, with variables per scope) or in a chosen one, terminate
 * the last element (the instance ends TERMINATED), and Zeebe's rejections with its texts.
 */
import * as grpc from '@grpc/grpc-js';
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  activeElements,
  elementInstance,
  elementInstances,
  expectRead,
  localVariables,
  noJobs,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const subProcess = (id: string, inner: string, attrs = '', loop = '') =>
  `<bpmn:subProcess id="${id}" ${attrs}>${loop}<bpmn:startEvent id="${id}-start"/>${inner}<bpmn:endEvent id="${id}-end"/>
   <bpmn:sequenceFlow id="${id}-f1" sourceRef="${id}-start" targetRef="${id}-task"/><bpmn:sequenceFlow id="${id}-f2" sourceRef="${id}-task" targetRef="${id}-end"/></bpmn:subProcess>`;
const loop = (collection: string) =>
  `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${collection}"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;

const PROCESS = t('modify');
const CHILD = t('child');
const message = `<bpmn:message id="m" name="${t('m')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= 1"/></bpmn:extensionElements></bpmn:message>`;
const processes: TestProcess[] = [
  {
    id: PROCESS,
    elements: `<bpmn:startEvent id="start"/>${serviceTask('a', t('a'))}${serviceTask('c', t('c'))}<bpmn:endEvent id="end"/>
      <bpmn:boundaryEvent id="late" attachedToRef="a"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${subProcess('sub', serviceTask('sub-task', t('sub-task')))}
      ${subProcess('mi', serviceTask('mi-task', t('mi-task')), '', loop('= [1, 2]'))}`,
    flows: ['start -> a -> c -> end', 'late -> end', 'sub -> end', 'mi -> end'],
  },
  {
    id: CHILD,
    elements: `<bpmn:startEvent id="cs"/>${serviceTask('child-task', t('child-task'))}<bpmn:endEvent id="ce"/>`,
    flows: ['cs -> child-task -> ce'],
  },
  {
    id: t('parent'),
    elements: `<bpmn:startEvent id="ps"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${CHILD}"/></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:eventBasedGateway id="choose"/><bpmn:intermediateCatchEvent id="on-message"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="on-time"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="pe"/>`,
    flows: ['ps -> call -> choose', 'choose -> on-message -> pe', 'choose -> on-time -> pe'],
    definitions: message,
  },
];

describeWithEngine('process instance modification through the SDK', () => {
  const sdk = sdkCluster(...processes);
  const start = async (variables = {}) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: PROCESS, variables })).processInstanceKey;
  const keyOf = async (instanceKey: string, elementId: string) =>
    (await pollFor(`${elementId} to be visible`, () => elementInstance(sdk.engine, instanceKey, elementId)))
      .elementInstanceKey;
  const rejectionOf = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected the modification to be rejected');
      },
      (err: { code: number; details: string }) => ({ code: err.code, details: err.details }),
    );
  const rejected = (details: string) => ({
    code: grpc.status.INVALID_ARGUMENT,
    details: `Command 'MODIFY' rejected with code 'INVALID_ARGUMENT': ${details}`,
  });

  test('moving a token: the task is terminated, the next one activated with its variables, in one command', async () => {
    const key = await start({ order: 1 });
    const [job] = await takeJobs(sdk.zeebe, t('a'));
    const a = await keyOf(key, 'a');
    await sdk.zeebe.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: a }],
      activateInstructions: [
        {
          elementId: 'c',
          ancestorElementInstanceKey: '-1',
          variableInstructions: [
            { variables: { moved: true }, scopeId: '' },
            { variables: { note: 'local' }, scopeId: 'c' },
          ],
        },
      ],
    });
    const [c] = await takeJobs(sdk.zeebe, t('c'));
    expect(c.variables).toEqual({ order: 1, moved: true, note: 'local' });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['c']);
    const terminated = (await elementInstances(sdk.engine, key)).find((e) => e.elementId === 'a');
    expect(terminated?.state).toBe('TERMINATED');
    // the terminated task's job is gone: completing it is NOT_FOUND
    await expect(sdk.zeebe.completeJob({ jobKey: job.key, variables: {} })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
    expect(await rootVariables(sdk.engine, key)).toEqual({ order: 1, moved: true });
    await sdk.zeebe.completeJob({ jobKey: c.key, variables: {} });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test('activating inside a sub-process without an instance creates it (no start event), variables per scope', async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    await sdk.zeebe.modifyProcessInstance({
      processInstanceKey: key,
      activateInstructions: [
        {
          elementId: 'sub-task',
          ancestorElementInstanceKey: '-1',
          variableInstructions: [{ variables: { inSub: 1 }, scopeId: 'sub' }],
        },
      ],
    });
    const [job] = await takeJobs(sdk.zeebe, t('sub-task'));
    expect(job.variables).toEqual({ inSub: 1 });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['a', 'sub', 'sub-task']);
    const sub = await keyOf(key, 'sub');
    expect(await localVariables(sdk.engine, key, sub)).toEqual({ inSub: 1 });
    // no start event ran in the sub-process
    expect((await elementInstances(sdk.engine, key)).map((e) => e.elementId)).not.toContain('sub-start');
  });

  test('terminating the last element of a sub-process ends the sub-process too; the instance goes on', async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    await sdk.zeebe.modifyProcessInstance({
      processInstanceKey: key,
      activateInstructions: [{ elementId: 'sub-task', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
    });
    await takeJobs(sdk.zeebe, t('sub-task'));
    const subTask = await keyOf(key, 'sub-task');
    await sdk.zeebe.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: subTask }],
    });
    await expectRead(sdk.engine, async () =>
      (await elementInstances(sdk.engine, key)).map((e) => [e.elementId, e.state]),
    ).toEqual([
      ['start', 'COMPLETED'],
      ['a', 'ACTIVE'],
      ['sub', 'TERMINATED'],
      ['sub-task', 'TERMINATED'],
    ]);
  });

  test('a second activation reuses the one sub-process instance; an ancestor above it makes a new one', async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    const activateSubTask = (ancestorElementInstanceKey: string) =>
      sdk.zeebe.modifyProcessInstance({
        processInstanceKey: key,
        activateInstructions: [{ elementId: 'sub-task', ancestorElementInstanceKey, variableInstructions: [] }],
      });
    await activateSubTask('-1');
    await activateSubTask('-1');
    await takeJobs(sdk.zeebe, t('sub-task'), 2);
    await expectRead(sdk.engine, async () =>
      (await activeElements(sdk.engine, key)).filter((e) => e === 'sub'),
    ).toEqual(['sub']);
    // the process instance as ancestor: the existing sub-process lies inside it, so a new one is made
    await activateSubTask(key);
    await takeJobs(sdk.zeebe, t('sub-task'));
    await expectRead(sdk.engine, async () =>
      (await activeElements(sdk.engine, key)).filter((e) => e === 'sub'),
    ).toEqual(['sub', 'sub']);
    // now two instances: without an ancestor the command cannot choose
    expect(await rejectionOf(activateSubTask('-1'))).toEqual(
      rejected(
        `Expected to modify instance of process '${PROCESS}' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: 'sub'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
      ),
    );
  });

  test('terminating the last active element ends the instance TERMINATED (REST)', async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    const a = await keyOf(key, 'a');
    await sdk.engine.rest.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: a }],
    });
    expect(await untilEnded(sdk.engine, key)).toBe('TERMINATED');
    // the boundary timer of the terminated task is gone with it
    expect(await noJobs(sdk.zeebe, t('c'))).toBe(true);
  });

  test("Zeebe's rejections: unknown element, start or boundary event, inside a multi-instance body, unknown key", async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    const activating = (elementId: string) =>
      rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          activateInstructions: [{ elementId, ancestorElementInstanceKey: '-1', variableInstructions: [] }],
        }),
      );
    const prefix = `Expected to modify instance of process '${PROCESS}' but it contains one or more`;
    expect(await activating('nowhere')).toEqual(
      rejected(`${prefix} activate instructions with an element that could not be found: 'nowhere'`),
    );
    expect(await activating('start')).toEqual(
      rejected(
        `${prefix} activate instructions for elements that are unsupported: 'start'. The activation of elements with type 'START_EVENT' is not supported. Supported element types are: [PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, INCLUSIVE_GATEWAY, MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK].`,
      ),
    );
    expect((await activating('late')).details).toContain(
      "for elements that are unsupported: 'late'. The activation of elements with type 'BOUNDARY_EVENT' is not supported.",
    );
    expect(await activating('mi-task')).toEqual(
      rejected(
        `${prefix} activate instructions that would result in the activation of multi-instance element 'mi', which is currently unsupported.`,
      ),
    );
    const unknownKey = '2251799813999999';
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          terminateInstructions: [{ elementInstanceKey: unknownKey }],
        }),
      ),
    ).toEqual(
      rejected(`${prefix} terminate instructions with an element instance that could not be found: '${unknownKey}'`),
    );
    const a = await keyOf(key, 'a');
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          activateInstructions: [{ elementId: 'sub-task', ancestorElementInstanceKey: a, variableInstructions: [] }],
        }),
      ),
    ).toEqual(
      rejected(
        `${prefix} activate instructions with an ancestor scope key that is not an ancestor of the element to activate:\n- instance '${a}' of element 'a' is not an ancestor of element 'sub-task'`,
      ),
    );
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          activateInstructions: [
            {
              elementId: 'c',
              ancestorElementInstanceKey: '-1',
              variableInstructions: [{ variables: {}, scopeId: 'sub' }],
            },
          ],
        }),
      ),
    ).toEqual(
      rejected(
        `${prefix} variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.`,
      ),
    );
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          activateInstructions: [
            {
              elementId: 'c',
              ancestorElementInstanceKey: '-1',
              variableInstructions: [{ variables: {}, scopeId: 'nope' }],
            },
          ],
        }),
      ),
    ).toEqual(rejected(`${prefix} variable instructions with a scope element id that could not be found: 'nope'`));
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: key,
          activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: unknownKey, variableInstructions: [] }],
        }),
      ),
    ).toEqual(
      rejected(
        `${prefix} activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${unknownKey}'`,
      ),
    );
    // nothing of the rejected commands happened
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['a']);
  });

  test("Zeebe's rejections: ending a called instance, an event after an event-based gateway, scopes being terminated", async () => {
    const parent = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t('parent'), variables: {} }))
      .processInstanceKey;
    const [childJob] = await takeJobs(sdk.zeebe, t('child-task'));
    const child = childJob.processInstanceKey;
    const childTask = await keyOf(child, 'child-task');
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: child,
          terminateInstructions: [{ elementInstanceKey: childTask }],
        }),
      ),
    ).toEqual(
      rejected(
        `Expected to modify instance of process '${CHILD}' but the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.`,
      ),
    );
    const activate = (elementId: string, ancestorElementInstanceKey = '-1') =>
      sdk.zeebe.modifyProcessInstance({
        processInstanceKey: parent,
        activateInstructions: [{ elementId, ancestorElementInstanceKey, variableInstructions: [] }],
      });
    expect(await rejectionOf(activate('on-message'))).toEqual(
      rejected(
        `Expected to modify instance of process '${t('parent')}' but it contains one or more activate instructions for elements that are unsupported: 'on-message'. The activation of events belonging to an event-based gateway is not supported.`,
      ),
    );
    // an ancestor from another process instance
    expect(await rejectionOf(activate('pe', childTask))).toEqual(
      rejected(
        `Expected to modify instance of process '${t('parent')}' but it contains one or more activate instructions with an ancestor scope key that does not belong to the modified process instance: '${childTask}'`,
      ),
    );
    // activating in the process instance while terminating it
    expect(
      await rejectionOf(
        sdk.zeebe.modifyProcessInstance({
          processInstanceKey: parent,
          activateInstructions: [{ elementId: 'pe', ancestorElementInstanceKey: parent, variableInstructions: [] }],
          terminateInstructions: [{ elementInstanceKey: parent }],
        }),
      ),
    ).toEqual(
      rejected(
        `Expected to modify instance of process '${t('parent')}' but it contains one or more activate instructions for elements whose required flow scope instance is also being terminated: element 'pe' requires flow scope instance '${parent}' which is being terminated. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`,
      ),
    );
    // a move inside the called instance is fine: its process instance still has something to do
    await sdk.zeebe.modifyProcessInstance({
      processInstanceKey: child,
      terminateInstructions: [{ elementInstanceKey: childTask }],
      activateInstructions: [{ elementId: 'child-task', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
    });
    const [again] = await takeJobs(sdk.zeebe, t('child-task'));
    expect(again.processInstanceKey).toBe(child);
    await sdk.zeebe.completeJob({ jobKey: again.key, variables: {} });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, parent)).toEqual(['choose']);
  });
});
