/**
 * Issue 22, point 2, the element types Zeebe 8.8 migrates beyond tasks and sub-processes, through the
 * unmodified SDK (gRPC `migrateProcessInstance`): an active multi-instance body with its inner instances,
 * an active event sub-process, and Zeebe's rejections (a loop that would switch between sequential and
 * parallel, an ad-hoc sub-process, which 8.8 does not migrate).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { type Engine, openEngine } from '../../src/engine/engine';
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  activeElements,
  completedElements,
  deploy,
  elementInstances,
  expectRead,
  openIncident,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const loop = (id: string, type: string, sequential = false) =>
  `<bpmn:serviceTask id="${id}"><bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= [1, 2, 3]" inputElement="item" outputCollection="results" outputElement="= item * 10"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements></bpmn:serviceTask>`;

const MI = t('mi');
const miV1: TestProcess = {
  id: MI,
  elements: `<bpmn:startEvent id="start"/>${loop('each', t('each'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> each -> end'],
};
const miV2: TestProcess = {
  id: MI,
  elements: `<bpmn:startEvent id="start"/>${loop('each2', t('each'))}${loop('one-by-one', t('each'), true)}${serviceTask('after', t('after'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> each2 -> after -> end', 'one-by-one -> end'],
};

const ESP = t('esp');
const COND = t('cond');
const cancel = `<bpmn:message id="cancel" name="${t('cancel')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>`;
/** an event sub-process: its start event, then `inner` (element XML and the flows between its ids) */
const eventSub = (id: string, start: string, inner: string, chain: string[]) => {
  const flows = chain.map((pair, i) => {
    const [from, to] = pair.split(' -> ');
    return `<bpmn:sequenceFlow id="${id}-f${i}" sourceRef="${from}" targetRef="${to}"/>`;
  });
  return `<bpmn:subProcess id="${id}" triggeredByEvent="true">${start}${inner}${flows.join('')}</bpmn:subProcess>`;
};
const messageStart = (id: string) =>
  `<bpmn:startEvent id="${id}" isInterrupting="true"><bpmn:messageEventDefinition messageRef="cancel"/></bpmn:startEvent>`;
const espV1: TestProcess = {
  id: ESP,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}<bpmn:endEvent id="end"/>
    ${eventSub('esp', messageStart('esp-start'), `${serviceTask('handle', t('handle'))}<bpmn:endEvent id="esp-end"/>`, ['esp-start -> handle', 'handle -> esp-end'])}`,
  flows: ['start -> work -> end'],
  definitions: cancel,
};
const espV2: TestProcess = {
  id: ESP,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}<bpmn:endEvent id="end"/>
    ${eventSub(
      'esp2',
      messageStart('esp-start2'),
      `${serviceTask('handle2', t('handle'))}${serviceTask('handle-after', t('handle-after'))}<bpmn:endEvent id="esp-end"/>`,
      ['esp-start2 -> handle2', 'handle2 -> handle-after', 'handle-after -> esp-end'],
    )}`,
  flows: ['start -> work -> end'],
  definitions: cancel,
};
/** a target whose event sub-process starts on a condition (Zeebe 8.8 migrates no conditional starts) */
const conditional: TestProcess = {
  id: COND,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}<bpmn:endEvent id="end"/>
    ${eventSub(
      'on-flag',
      '<bpmn:startEvent id="flag-start"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">= flag = true</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>',
      '<bpmn:endEvent id="flag-end"/>',
      ['flag-start -> flag-end'],
    )}`,
  flows: ['start -> work -> end'],
};

const JOIN = t('join');
const JOIN_NARROW = t('join-narrow');
const JOIN_OTHER = t('join-other');
const joinV1: TestProcess = {
  id: JOIN,
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/>${serviceTask('task1', t('j1'))}${serviceTask('task2', t('j2'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> fork', 'fork -> task1 -> join', 'fork -> task2 -> join', 'join -> end'],
};
const joinV2: TestProcess = {
  id: JOIN,
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/><bpmn:inclusiveGateway id="merge"/>${serviceTask('task1', t('j1'))}${serviceTask('task3', t('j2'))}${serviceTask('after', t('j-after'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> fork', 'fork -> task1 -> join', 'fork -> task3 -> join', 'join -> after -> end', 'merge -> end'],
};
/** targets Zeebe refuses: a join with fewer incoming flows, a join the taken flow does not lead to */
const joinNarrow: TestProcess = {
  id: JOIN_NARROW,
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/>${serviceTask('task1', t('j1'))}${serviceTask('task3', t('j2'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> fork', 'fork -> task1 -> join -> end', 'fork -> task3 -> end'],
};
const joinOther: TestProcess = {
  id: JOIN_OTHER,
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:parallelGateway id="join"/>${serviceTask('first', t('j1'))}${serviceTask('task3', t('j2'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> fork', 'fork -> first -> join', 'fork -> task3 -> join', 'join -> end'],
};

const GW = t('gw');
const ping = `<bpmn:message id="ping" name="${t('ping')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>`;
const messageCatch = (id: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="ping"/></bpmn:intermediateCatchEvent>`;
const timerCatch = (id: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
/** an exclusive gateway (an incident when no route matches) and an event-based gateway waiting on two events */
const gwV1: TestProcess = {
  id: GW,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="choose"/><bpmn:eventBasedGateway id="evgw"/>${messageCatch('pinged')}${timerCatch('late')}${serviceTask('ta', t('gw-a'))}<bpmn:endEvent id="end"/>`,
  flows: [
    'start -> choose',
    'choose -> ta [= route = "a"]',
    'choose -> evgw [= route = "wait"]',
    'evgw -> pinged -> end',
    'evgw -> late -> end',
    'ta -> end',
  ],
  definitions: ping,
};
const gwV2: TestProcess = {
  id: GW,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="choose2"/><bpmn:eventBasedGateway id="evgw2"/>${messageCatch('pinged2')}${timerCatch('late2')}${serviceTask('ta', t('gw-a'))}${serviceTask('tb', t('gw-b'))}${serviceTask('after', t('gw-after'))}<bpmn:endEvent id="end"/>`,
  flows: [
    'start -> choose2',
    'choose2 -> ta [= route = "a"]',
    'choose2 -> evgw2 [= route = "wait"]',
    'choose2 -> tb [default]',
    'evgw2 -> pinged2 -> after -> end',
    'evgw2 -> late2 -> end',
    'ta -> end',
    'tb -> end',
  ],
  definitions: ping,
};

/** a job-worker ad-hoc sub-process, active while its job waits: Zeebe 8.8 does not migrate it */
const AD_HOC = t('ad-hoc');
const adHoc: TestProcess = {
  id: AD_HOC,
  elements: `<bpmn:startEvent id="start"/><bpmn:adHocSubProcess id="agent"><bpmn:extensionElements><zeebe:taskDefinition type="${t('agent')}"/></bpmn:extensionElements>${serviceTask('tool', t('tool'))}</bpmn:adHocSubProcess><bpmn:endEvent id="end"/>`,
  flows: ['start -> agent -> end'],
};

/** the keys of the instance's element instances of `elementId`, body first */
const keysOf = (items: { elementId: string; elementInstanceKey: string }[], elementId: string) =>
  items.filter((e) => e.elementId === elementId).map((e) => e.elementInstanceKey);

describeWithEngine('process instance migration of multi-instance bodies and event sub-processes', () => {
  const sdk = sdkCluster(miV1, espV1, conditional, joinV1, joinNarrow, joinOther, gwV1, adHoc);
  let miTarget: string;
  let espTarget: string;
  let condTarget: string;
  let joinTarget: string;
  let gwTarget: string;

  const definition = (processDefinitionId: string, version: number) =>
    pollFor(`${processDefinitionId} version ${version}`, async () => {
      const result = await sdk.engine.rest.searchProcessDefinitions({ filter: { processDefinitionId } } as never);
      return result.items.find((d) => d.version === version)?.processDefinitionKey;
    });
  beforeAll(async () => {
    await deploy(sdk.zeebe, miV2, espV2, joinV2, gwV2);
    miTarget = await definition(MI, 2);
    espTarget = await definition(ESP, 2);
    condTarget = await definition(COND, 1);
    joinTarget = await definition(JOIN, 2);
    gwTarget = await definition(GW, 2);
  });

  const migrate = (
    processInstanceKey: string,
    to: string,
    mappingInstructions: { sourceElementId: string; targetElementId: string }[],
  ) =>
    sdk.zeebe.migrateProcessInstance({
      processInstanceKey,
      migrationPlan: { targetProcessDefinitionKey: to, mappingInstructions },
    });
  const rejectionOf = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected the migration to be rejected');
      },
      (err: { code: number; details: string }) => ({ code: err.code, details: err.details }),
    );
  const failed = (key: string, details: string) => ({
    code: grpc.status.FAILED_PRECONDITION,
    details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${key}' but ${details}`,
  });

  test('a multi-instance body and its inner instances move with their keys; the loop finishes in version 2', async () => {
    const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: MI, version: 1, variables: {} }))
      .processInstanceKey;
    const jobs = await takeJobs(sdk.zeebe, t('each'), 3);
    expect(jobs).toHaveLength(3);
    await sdk.zeebe.completeJob({ jobKey: jobs[0].key, variables: {} });
    const before = await pollFor('the body and two inner instances', async () => {
      const items = await elementInstances(sdk.engine, key);
      return items.filter((e) => e.elementId === 'each' && e.state === 'ACTIVE').length === 3 && items;
    });
    await migrate(key, miTarget, [{ sourceElementId: 'each', targetElementId: 'each2' }]);
    await expectRead(sdk.engine, async () =>
      (await elementInstances(sdk.engine, key))
        .filter((e) => e.state === 'ACTIVE' && e.elementId !== MI)
        .map((e) => [e.elementId, e.type, (e as { processDefinitionKey?: string }).processDefinitionKey]),
    ).toEqual([
      ['each2', 'MULTI_INSTANCE_BODY', miTarget],
      ['each2', 'SERVICE_TASK', miTarget],
      ['each2', 'SERVICE_TASK', miTarget],
    ]);
    const after = await elementInstances(sdk.engine, key);
    const activeBefore = before.filter((e) => e.elementId === 'each' && e.state === 'ACTIVE');
    expect(
      keysOf(
        after.filter((e) => e.state === 'ACTIVE'),
        'each2',
      ),
    ).toEqual(activeBefore.map((e) => e.elementInstanceKey));
    // the inner instances' jobs keep their keys and go on in version 2, filling the same output collection
    for (const job of jobs.slice(1)) await sdk.zeebe.completeJob({ jobKey: job.key, variables: {} });
    const [next] = await takeJobs(sdk.zeebe, t('after'));
    expect(next.processInstanceKey).toBe(key);
    expect(next.variables).toMatchObject({ results: [10, 20, 30] });
    await sdk.zeebe.completeJob({ jobKey: next.key, variables: {} });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    expect(await completedElements(sdk.engine, key)).toContain('each2');
  });

  test("Zeebe's rejections for a multi-instance body: other loop kind, unmapped body, a task that is no body", async () => {
    const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: MI, version: 1, variables: {} }))
      .processInstanceKey;
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['each', 'each', 'each', 'each']);
    expect(
      await rejectionOf(migrate(key, miTarget, [{ sourceElementId: 'each', targetElementId: 'one-by-one' }])),
    ).toEqual(
      failed(
        key,
        "active element with id 'each' has a different loop characteristics than the target element with id 'one-by-one'. Both elements must have either sequential or parallel loop characteristics.",
      ),
    );
    expect(await rejectionOf(migrate(key, miTarget, [{ sourceElementId: 'each', targetElementId: 'after' }]))).toEqual(
      failed(
        key,
        "active element with id 'each' and type 'MULTI_INSTANCE_BODY' is mapped to an element with id 'after' and different type 'SERVICE_TASK'. Elements must be mapped to elements of the same type.",
      ),
    );
    expect(await rejectionOf(migrate(key, miTarget, []))).toEqual(
      failed(
        key,
        "no mapping instruction defined for active element with id 'each'. Elements cannot be migrated without a mapping.",
      ),
    );
    // nothing of the rejected commands happened
    expect(await activeElements(sdk.engine, key)).toEqual(['each', 'each', 'each', 'each']);
  });

  describe('event sub-processes', () => {
    const startEsp = async (id: string) => {
      const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: ESP, version: 1, variables: { id } }))
        .processInstanceKey;
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['work']);
      return key;
    };
    const publish = (id: string) =>
      sdk.zeebe.publishMessage({ name: t('cancel'), correlationKey: id, variables: {}, timeToLive: 0 });

    test('an active event sub-process and its task move; the scope it interrupted opens no start event again', async () => {
      const id = t('interrupted');
      const key = await startEsp(id);
      await publish(id);
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['esp', 'handle']);
      const [job] = await takeJobs(sdk.zeebe, t('handle'));
      await migrate(key, espTarget, [
        { sourceElementId: 'esp', targetElementId: 'esp2' },
        { sourceElementId: 'handle', targetElementId: 'handle2' },
      ]);
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['esp2', 'handle2']);
      // version 2's start event stays closed: the message finds nothing to start
      await publish(id);
      expect(await activeElements(sdk.engine, key)).toEqual(['esp2', 'handle2']);
      await sdk.zeebe.completeJob({ jobKey: job.key, variables: {} });
      const [next] = await takeJobs(sdk.zeebe, t('handle-after'));
      expect(next.processInstanceKey).toBe(key);
      await sdk.zeebe.completeJob({ jobKey: next.key, variables: {} });
      expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    });

    test("a mapped event sub-process start keeps its subscription: the message starts version 2's", async () => {
      const id = t('waiting');
      const key = await startEsp(id);
      await migrate(key, espTarget, [
        { sourceElementId: 'work', targetElementId: 'work' },
        { sourceElementId: 'esp-start', targetElementId: 'esp-start2' },
      ]);
      await publish(id);
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['esp2', 'handle2']);
      const [job] = await takeJobs(sdk.zeebe, t('handle'));
      expect([job.processInstanceKey, job.elementId]).toEqual([key, 'handle2']);
    });

    test("Zeebe's rejection: a target with an event sub-process started by a condition", async () => {
      const key = await startEsp(t('conditional'));
      expect(
        await rejectionOf(migrate(key, condTarget, [{ sourceElementId: 'work', targetElementId: 'work' }])),
      ).toEqual(
        failed(
          key,
          `target process with id '${COND}' has one or more event subprocesses with start events of types 'CONDITIONAL'. Migrating event subprocesses with start events of these types is not possible yet.`,
        ),
      );
    });
  });

  describe('a token waiting at a joining gateway', () => {
    /** an instance of version 1 whose task1 completed: one token waits at the join, task2 runs */
    const waitingAtJoin = async () => {
      const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: JOIN, version: 1, variables: {} }))
        .processInstanceKey;
      const [first] = await takeJobs(sdk.zeebe, t('j1'));
      const [second] = await takeJobs(sdk.zeebe, t('j2'));
      await sdk.zeebe.completeJob({ jobKey: first.key, variables: {} });
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['task2']);
      return { key, second };
    };
    const invalid = (key: string, details: string) => ({
      code: grpc.status.INVALID_ARGUMENT,
      details: `Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': Expected to migrate process instance '${key}' but ${details}`,
    });

    test('the taken flow waits at the mapped gateway: the other token joins it in version 2', async () => {
      const { key, second } = await waitingAtJoin();
      await migrate(key, joinTarget, [
        { sourceElementId: 'task2', targetElementId: 'task3' },
        { sourceElementId: 'join', targetElementId: 'join' },
      ]);
      await sdk.zeebe.completeJob({ jobKey: second.key, variables: {} });
      const [after] = await takeJobs(sdk.zeebe, t('j-after'));
      expect(after.processInstanceKey).toBe(key);
      await sdk.zeebe.completeJob({ jobKey: after.key, variables: {} });
      expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
      expect(await completedElements(sdk.engine, key)).toEqual(
        expect.arrayContaining(['task1', 'task3', 'join', 'after', 'end']),
      );
    });

    test("Zeebe's rejections: unmapped gateway, other type, fewer incoming flows, taken flow not in the target", async () => {
      const { key } = await waitingAtJoin();
      const task = { sourceElementId: 'task2', targetElementId: 'task3' };
      expect(await rejectionOf(migrate(key, joinTarget, [task]))).toEqual(
        invalid(
          key,
          "gateway 'join' has at least one incoming sequence flow taken. Joining gateways with at least one incoming sequence flow taken must be mapped to a gateway of the same type in the target process definition.",
        ),
      );
      expect(
        await rejectionOf(migrate(key, joinTarget, [task, { sourceElementId: 'join', targetElementId: 'merge' }])),
      ).toEqual(
        invalid(
          key,
          "active element with id 'join' and type 'PARALLEL_GATEWAY' is mapped to an element with id 'merge' and different type 'INCLUSIVE_GATEWAY'. Elements must be mapped to elements of the same type.",
        ),
      );
      const others = await Promise.all([definition(JOIN_NARROW, 1), definition(JOIN_OTHER, 1)]);
      const join = { sourceElementId: 'join', targetElementId: 'join' };
      expect(await rejectionOf(migrate(key, others[0], [task, join]))).toEqual(
        invalid(
          key,
          "target gateway with id 'join' has less incoming sequence flows than the source gateway with id 'join'. Target gateway must have at least the same number of incoming sequence flows as the source gateway.",
        ),
      );
      expect(await rejectionOf(migrate(key, others[1], [task, join]))).toEqual(
        invalid(
          key,
          "gateway with id 'join' has a taken incoming sequence flow mismatch. Taken sequence flow with id 'flow_task1_join' must connect to the mapped target gateway with id 'join' in the target process definition.",
        ),
      );
      expect(await activeElements(sdk.engine, key)).toEqual(['task2']);
    });
  });

  describe('exclusive and event-based gateway instances', () => {
    const startGw = async (variables: Record<string, string>, active: string) => {
      const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: GW, version: 1, variables }))
        .processInstanceKey;
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual([active]);
      return key;
    };

    test('an exclusive gateway held by an incident moves with it; resolved, it decides by version 2', async () => {
      const key = await startGw({}, 'choose');
      const incident = await openIncident(sdk.engine, key);
      await migrate(key, gwTarget, [{ sourceElementId: 'choose', targetElementId: 'choose2' }]);
      const moved = await openIncident(sdk.engine, key, (i) => i.elementId === 'choose2');
      expect(moved.incidentKey).toBe(incident.incidentKey);
      await sdk.zeebe.resolveIncident({ incidentKey: incident.incidentKey });
      const [job] = await takeJobs(sdk.zeebe, t('gw-b'));
      expect(job.processInstanceKey).toBe(key);
    });

    test("a waiting event-based gateway keeps its mapped subscriptions: the message takes version 2's path", async () => {
      const id = t('evgw');
      const key = await startGw({ route: 'wait', id }, 'evgw');
      await migrate(key, gwTarget, [
        { sourceElementId: 'evgw', targetElementId: 'evgw2' },
        { sourceElementId: 'pinged', targetElementId: 'pinged2' },
        { sourceElementId: 'late', targetElementId: 'late2' },
      ]);
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['evgw2']);
      await sdk.zeebe.publishMessage({ name: t('ping'), correlationKey: id, variables: {}, timeToLive: 0 });
      const [job] = await takeJobs(sdk.zeebe, t('gw-after'));
      expect(job.processInstanceKey).toBe(key);
      await expectRead(sdk.engine, () => completedElements(sdk.engine, key)).toEqual(
        expect.arrayContaining(['evgw2', 'pinged2']),
      );
    });

    test("Zeebe's rejections: a catch event that changes its event type, two mapped onto one", async () => {
      const key = await startGw({ route: 'wait', id: t('evgw-rejected') }, 'evgw');
      const gateway = { sourceElementId: 'evgw', targetElementId: 'evgw2' };
      expect(
        await rejectionOf(migrate(key, gwTarget, [gateway, { sourceElementId: 'pinged', targetElementId: 'late2' }])),
      ).toEqual(
        failed(
          key,
          "active element with id 'evgw' has a catch event with id 'pinged' that is mapped to a catch event with id 'late2'. These catch events have different event types: 'MESSAGE' and 'TIMER'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.",
        ),
      );
      const both = [
        gateway,
        { sourceElementId: 'pinged', targetElementId: 'pinged2' },
        { sourceElementId: 'late', targetElementId: 'pinged2' },
      ];
      expect(await rejectionOf(migrate(key, gwTarget, both))).toEqual(
        failed(
          key,
          "active element with id 'evgw' has a catch event attached that is mapped to a catch event with id 'pinged2'. There are multiple mapping instructions that target this catch event: 'late', 'pinged'. Catch events cannot be merged by process instance migration. Please ensure the mapping instructions target a catch event only once.",
        ),
      );
    });
  });

  test("an active ad-hoc sub-process is refused with Zeebe 8.8's unsupported-type text", async () => {
    const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: AD_HOC, variables: {} })).processInstanceKey;
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['agent']);
    const self = await definition(AD_HOC, 1);
    expect(await rejectionOf(migrate(key, self, [{ sourceElementId: 'agent', targetElementId: 'agent' }]))).toEqual(
      failed(
        key,
        "active element with id 'agent' has an unsupported type. The migration of a AD_HOC_SUB_PROCESS is not supported.",
      ),
    );
  });
});

/**
 * What a restart must bring back of an instance: its definition and dates, element instances (keys, ids, states,
 * dates) and variables. (Dates too: a command applies at its journal record's time, so a replay writes the same.)
 */
function observed(engine: Engine, key: string) {
  return {
    instance: engine.getProcessInstance(key),
    elements: [...engine.listElementInstances(key)].map((e) => [
      e.key,
      e.elementId,
      e.state,
      e.processDefinitionKey,
      e.startDate,
      e.endDate,
    ]),
    variables: [...engine.listVariables(key)].map((v) => [v.scopeKey, v.name, v.value]),
  };
}

describe.each(['the journal', 'a snapshot'])(
  'migrated inner instances and join tokens survive a restart from %s',
  (from) => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-migmore-'));
    const logger = pino({ level: 'silent' });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const jobs = (engine: Engine, type: string, n: number) =>
      engine.activateJobs({ type, worker: 'test', timeout: 60_000, maxJobsToActivate: n });
    const deploy = async (engine: Engine, ...processes: TestProcess[]) => {
      const deployed = await engine.deploy(processes.map((p) => ({ name: `${p.id}.bpmn`, content: bpmnXml(p) })));
      return deployed.processes.map((d) => d.processDefinitionKey);
    };

    test('the multi-instance loop and the join finish in version 2 after the restart', async () => {
      let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      await deploy(engine, miV1, joinV1);
      const loop = engine.createProcessInstance({ bpmnProcessId: MI, variables: {} }).processInstanceKey;
      const inner = jobs(engine, t('each'), 3);
      engine.completeJob(inner[0].key, {});
      const joining = engine.createProcessInstance({ bpmnProcessId: JOIN, variables: {} }).processInstanceKey;
      engine.completeJob(jobs(engine, t('j1'), 1)[0].key, {});
      const [second] = jobs(engine, t('j2'), 1);
      const [miKey, joinKey] = await deploy(engine, miV2, joinV2);
      const plan = (targetProcessDefinitionKey: string, pairs: [string, string][]) => ({
        targetProcessDefinitionKey,
        mappingInstructions: pairs.map(([sourceElementId, targetElementId]) => ({ sourceElementId, targetElementId })),
      });
      engine.migrateProcessInstance({ processInstanceKey: loop, migrationPlan: plan(miKey, [['each', 'each2']]) });
      engine.migrateProcessInstance({
        processInstanceKey: joining,
        migrationPlan: plan(joinKey, [
          ['task2', 'task3'],
          ['join', 'join'],
        ]),
      });
      await engine.durable();
      const before = [observed(engine, loop), observed(engine, joining)];
      if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
      engine.close();

      engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      try {
        expect([observed(engine, loop), observed(engine, joining)]).toEqual(before);
        for (const job of inner.slice(1)) engine.completeJob(job.key, {});
        const [after] = jobs(engine, t('after'), 1);
        expect(after.variables).toMatchObject({ results: [10, 20, 30] });
        engine.completeJob(after.key, {});
        expect(engine.getProcessInstance(loop)?.state).toBe('COMPLETED');
        engine.completeJob(second.key, {});
        engine.completeJob(jobs(engine, t('j-after'), 1)[0].key, {});
        expect(engine.getProcessInstance(joining)?.state).toBe('COMPLETED');
      } finally {
        engine.close();
      }
    });
  },
);
