/**
 * Issue 22, point 2, through the unmodified SDK (gRPC `migrateProcessInstance`, and the SDK's REST client for
 * `POST /v2/process-instances/{key}/migration`): a running instance moves to a newer version, its element
 * instance keeps its key, its job keeps its key and goes on in the target, its incident and variables stay,
 * a waiting message catch event keeps its subscription, searches show the new definition; and Zeebe's
 * rejections with its texts.
 */
import * as grpc from '@grpc/grpc-js';
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  activeElements,
  completedElements,
  deploy,
  elementInstance,
  expectRead,
  openIncident,
  processInstance,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const ID = t('migrate');
const message = `<bpmn:message id="m" name="${t('go')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>`;
const wait = (id: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent>`;

const v1: TestProcess = {
  id: ID,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="split"/>${serviceTask('a', t('a'))}${wait('wait')}<bpmn:endEvent id="end"/>
    <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-start"/>${serviceTask('sub-task', t('sub-task'))}<bpmn:sequenceFlow id="s1" sourceRef="sub-start" targetRef="sub-task"/></bpmn:subProcess>`,
  flows: [
    'start -> split',
    'split -> wait [= waits = true]',
    'split -> a [default]',
    'a -> end',
    'wait -> end',
    'sub -> end',
  ],
  definitions: message,
};
const v2: TestProcess = {
  id: ID,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="split"/>${serviceTask('a2', t('a'))}${serviceTask('b', t('b'))}${wait('wait2')}<bpmn:endEvent id="end"/>
    <bpmn:userTask id="review"/>
    <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-start"/>${serviceTask('sub-task', t('sub-task'))}<bpmn:sequenceFlow id="s1" sourceRef="sub-start" targetRef="sub-task"/></bpmn:subProcess>`,
  flows: [
    'start -> split',
    'split -> wait2 [= waits = true]',
    'split -> a2 [default]',
    'a2 -> b -> end',
    'wait2 -> b',
    'review -> end',
    'sub -> end',
  ],
  definitions: message,
};

const timer = (id: string, attachedTo: string, duration: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
const userTask = (id: string) =>
  `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:userTask/><zeebe:assignmentDefinition assignee="ada"/></bpmn:extensionElements></bpmn:userTask>`;
/** another process: a task with a timer boundary (kept or new), a Camunda user task, a multi-instance task */
const OTHER = t('other');
const timed: TestProcess = {
  id: t('timed'),
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>${serviceTask('work', t('work'))}${timer('slow', 'work', 'PT1H')}
    ${userTask('approve')}<bpmn:endEvent id="end"/><bpmn:endEvent id="timed-out"/><bpmn:endEvent id="approved"/>
    <bpmn:serviceTask id="each"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= [1]"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:taskDefinition type="${t('each')}"/></bpmn:extensionElements></bpmn:serviceTask>`,
  flows: ['start -> fork', 'fork -> work -> end', 'slow -> timed-out', 'fork -> approve -> approved', 'each -> end'],
};
const other: TestProcess = {
  id: OTHER,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('job', t('work'))}${timer('slow2', 'job', 'PT3H')}${timer('fresh', 'job', 'PT2H')}
    ${userTask('sign')}<bpmn:endEvent id="end"/><bpmn:endEvent id="slow-end"/><bpmn:endEvent id="fresh-end"/><bpmn:endEvent id="signed"/>
    <bpmn:serviceTask id="job-only"><bpmn:extensionElements><zeebe:taskDefinition type="${t('work')}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:userTask id="legacy"/>`,
  flows: [
    'start -> job -> end',
    'slow2 -> slow-end',
    'fresh -> fresh-end',
    'sign -> signed',
    'job-only -> end',
    'legacy -> end',
  ],
};

describeWithEngine('process instance migration through the SDK', () => {
  const sdk = sdkCluster(v1, timed, other);
  let target: string;
  let source: string;

  beforeAll(async () => {
    const [first] = await pollFor('version 1', async () => {
      const found = await definitions();
      return found.length === 1 && found;
    });
    source = first.processDefinitionKey;
    await deploy(sdk.zeebe, v2);
    const all = await pollFor('version 2', async () => {
      const found = await definitions();
      return found.length === 2 && found;
    });
    target = all[1].processDefinitionKey;
  });
  const definitions = async () =>
    (await sdk.engine.rest.searchProcessDefinitions({ filter: { processDefinitionId: ID } } as never)).items.sort(
      (x, y) => x.version - y.version,
    );
  const start = async (variables: Record<string, unknown> = {}) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: ID, version: 1, variables: { id: t('x'), ...variables } }))
      .processInstanceKey;
  const migrate = (
    processInstanceKey: string,
    mappingInstructions: { sourceElementId: string; targetElementId: string }[],
    to = target,
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

  test('the task and its activated job move to version 2 and go on there; searches show the new definition', async () => {
    const key = await start({ order: 7 });
    const [job] = await takeJobs(sdk.zeebe, t('a'));
    const before = await pollFor('a', () => elementInstance(sdk.engine, key, 'a'));
    await migrate(key, [{ sourceElementId: 'a', targetElementId: 'a2' }]);
    await expectRead(sdk.engine, async () => {
      const found = await processInstance(sdk.engine, key);
      const row = found as { processDefinitionKey?: string; processDefinitionVersion?: number } | undefined;
      return [row?.processDefinitionKey, row?.processDefinitionVersion];
    }).toEqual([target, 2]);
    const after = await pollFor('a2', () => elementInstance(sdk.engine, key, 'a2'));
    expect(after.elementInstanceKey).toBe(before.elementInstanceKey);
    expect((after as { processDefinitionKey?: string }).processDefinitionKey).toBe(target);
    // the job keeps its key: completing it takes version 2's path
    await sdk.zeebe.completeJob({ jobKey: job.key, variables: {} });
    const [b] = await takeJobs(sdk.zeebe, t('b'));
    expect((b as unknown as { processDefinitionKey: string }).processDefinitionKey).toBe(target);
    expect(b.processDefinitionVersion).toBe(2);
    expect(b.variables).toMatchObject({ order: 7 });
    await sdk.zeebe.completeJob({ jobKey: b.key, variables: {} });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    expect(await completedElements(sdk.engine, key)).toEqual(['start', 'split', 'a2', 'b', 'end']);
  });

  test('an incident stays with its element; resolved after the migration, the job goes on (REST)', async () => {
    const key = await start();
    const [job] = await takeJobs(sdk.zeebe, t('a'));
    await sdk.zeebe.failJob({ jobKey: job.key, retries: 0, errorMessage: 'down', retryBackOff: 0 });
    const incident = await openIncident(sdk.engine, key);
    await sdk.engine.rest.migrateProcessInstance({
      processInstanceKey: key,
      targetProcessDefinitionKey: target,
      mappingInstructions: [{ sourceElementId: 'a', targetElementId: 'a2' }],
    });
    const moved = await openIncident(sdk.engine, key, (i) => i.elementId === 'a2');
    expect(moved.incidentKey).toBe(incident.incidentKey);
    expect((moved as { processDefinitionKey?: string }).processDefinitionKey).toBe(target);
    await sdk.zeebe.updateJobRetries({ jobKey: job.key, retries: 1 });
    await sdk.zeebe.resolveIncident({ incidentKey: incident.incidentKey });
    const [again] = await takeJobs(sdk.zeebe, t('a'));
    expect(again.key).toBe(job.key);
    expect(again.elementId).toBe('a2');
  });

  test('a waiting message catch event keeps its subscription: the message moves the instance on in version 2', async () => {
    const id = t('waiting');
    const key = await start({ id, waits: true });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['wait']);
    await migrate(key, [{ sourceElementId: 'wait', targetElementId: 'wait2' }]);
    await sdk.zeebe.publishMessage({ name: t('go'), correlationKey: id, variables: { got: 1 }, timeToLive: 0 });
    const [b] = await takeJobs(sdk.zeebe, t('b'));
    expect(b.processInstanceKey).toBe(key);
    await expectRead(sdk.engine, () => rootVariables(sdk.engine, key)).toMatchObject({ got: 1 });
  });

  test("Zeebe's rejections: unmapped, other type, changed flow scope, duplicates, unknown ids and definition", async () => {
    const key = await start();
    await takeJobs(sdk.zeebe, t('a'));
    const failed = (details: string) => ({
      code: grpc.status.FAILED_PRECONDITION,
      details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${key}' but ${details}`,
    });
    const invalid = (details: string) => ({
      code: grpc.status.INVALID_ARGUMENT,
      details: `Command 'MIGRATE' rejected with code 'INVALID_ARGUMENT': Expected to migrate process instance '${key}' but ${details}`,
    });
    expect(await rejectionOf(migrate(key, []))).toEqual(
      failed(
        "no mapping instruction defined for active element with id 'a'. Elements cannot be migrated without a mapping.",
      ),
    );
    expect(await rejectionOf(migrate(key, [{ sourceElementId: 'a', targetElementId: 'review' }]))).toEqual(
      failed(
        "active element with id 'a' and type 'SERVICE_TASK' is mapped to an element with id 'review' and different type 'USER_TASK'. Elements must be mapped to elements of the same type.",
      ),
    );
    expect(await rejectionOf(migrate(key, [{ sourceElementId: 'a', targetElementId: 'sub-task' }]))).toEqual(
      failed(
        `the flow scope of active element with id 'a' is changed. The flow scope of the active element is expected to be '${ID}' but was 'sub'. The flow scope of an element cannot be changed during migration yet.`,
      ),
    );
    const twice = [
      { sourceElementId: 'a', targetElementId: 'a2' },
      { sourceElementId: 'a', targetElementId: 'b' },
    ];
    expect(await rejectionOf(migrate(key, twice))).toEqual(
      invalid("the mapping instructions contain duplicate source element ids '[a]'."),
    );
    expect(await rejectionOf(migrate(key, [{ sourceElementId: 'nope', targetElementId: 'a2' }]))).toEqual(
      invalid(
        "mapping instructions contain a non-existing source element id 'nope'. Elements provided in mapping instructions must exist in the source process definition.",
      ),
    );
    expect(await rejectionOf(migrate(key, [{ sourceElementId: 'a', targetElementId: 'nope' }]))).toEqual(
      invalid(
        "mapping instructions contain a non-existing target element id 'nope'. Elements provided in mapping instructions must exist in the target process definition.",
      ),
    );
    const unknown = '2251799813999999';
    expect(await rejectionOf(migrate(key, [{ sourceElementId: 'a', targetElementId: 'a2' }], unknown))).toEqual({
      code: grpc.status.NOT_FOUND,
      details: `Command 'MIGRATE' rejected with code 'NOT_FOUND': Expected to migrate process instance to process definition but no process definition found with key '${unknown}'`,
    });
    // nothing of the rejected commands happened
    await expectRead(sdk.engine, async () => (await processInstance(sdk.engine, key))?.processDefinitionKey).toBe(
      source,
    );
  });

  describe('to another process: timers, user tasks, what Zeebe does not migrate', () => {
    let otherKey: string;
    const HOUR = 3_600_000;
    beforeAll(async () => {
      const found = await pollFor('the other process', async () => {
        const result = await sdk.engine.rest.searchProcessDefinitions({
          filter: { processDefinitionId: OTHER },
        } as never);
        return result.items[0];
      });
      otherKey = found.processDefinitionKey;
    });
    afterAll(() => sdk.engine.clock.reset());

    const startTimed = async () => {
      const key = (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t('timed'), variables: {} }))
        .processInstanceKey;
      await expectRead(sdk.engine, async () => (await activeElements(sdk.engine, key)).sort()).toEqual([
        'approve',
        'work',
      ]);
      return key;
    };
    const toOther = (key: string, mappingInstructions: { sourceElementId: string; targetElementId: string }[]) =>
      migrate(key, mappingInstructions, otherKey);

    test('a mapped timer keeps its due date, an unmapped target timer starts anew; the user task keeps key and assignee', async () => {
      await sdk.engine.clock.pin(Date.parse('2026-12-01T08:00:00Z'));
      const key = await startTimed();
      const task = await pollFor('the user task', async () => {
        const found = await sdk.engine.rest.searchUserTasks({ filter: { processInstanceKey: key } } as never);
        return found.items[0];
      });
      await sdk.engine.clock.advance(HOUR / 2);
      await toOther(key, [
        { sourceElementId: 'work', targetElementId: 'job' },
        { sourceElementId: 'slow', targetElementId: 'slow2' },
        { sourceElementId: 'approve', targetElementId: 'sign' },
      ]);
      const moved = await pollFor('the migrated user task', async () => {
        const found = await sdk.engine.rest.searchUserTasks({ filter: { processInstanceKey: key } } as never);
        return found.items.find((u) => u.elementId === 'sign');
      });
      expect([moved.userTaskKey, moved.assignee, moved.processDefinitionId]).toEqual([task.userTaskKey, 'ada', OTHER]);
      // the kept timer falls due an hour after the start (not three after the migration)
      await sdk.engine.clock.advance(HOUR / 2 + 1);
      await expectRead(sdk.engine, () => completedElements(sdk.engine, key)).toContain('slow-end');
      expect(await completedElements(sdk.engine, key)).not.toContain('fresh-end');
    });

    test('an unmapped source timer is gone; the target timer nothing was mapped to fires after its own duration', async () => {
      await sdk.engine.clock.pin(Date.parse('2026-12-02T08:00:00Z'));
      const key = await startTimed();
      await toOther(key, [
        { sourceElementId: 'work', targetElementId: 'job' },
        { sourceElementId: 'approve', targetElementId: 'sign' },
      ]);
      await sdk.engine.clock.advance(HOUR + 1);
      await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toContain('job');
      await sdk.engine.clock.advance(HOUR);
      await expectRead(sdk.engine, () => completedElements(sdk.engine, key)).toContain('fresh-end');
      expect(await completedElements(sdk.engine, key)).not.toContain('timed-out');
    });

    test("Zeebe's rejections: a user task's implementation, a detached boundary event, a multi-instance body mapped to a task", async () => {
      const key = await startTimed();
      const failed = (details: string) => ({
        code: grpc.status.FAILED_PRECONDITION,
        details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${key}' but ${details}`,
      });
      expect(
        await rejectionOf(
          toOther(key, [
            { sourceElementId: 'work', targetElementId: 'job' },
            { sourceElementId: 'approve', targetElementId: 'legacy' },
          ]),
        ),
      ).toEqual(
        failed(
          "active user task with id 'approve' and implementation 'zeebe user task' is mapped to an user task with id 'legacy' and different implementation 'job worker'. Elements must be mapped to elements of the same implementation.",
        ),
      );
      expect(
        await rejectionOf(
          toOther(key, [
            { sourceElementId: 'work', targetElementId: 'job-only' },
            { sourceElementId: 'slow', targetElementId: 'slow2' },
            { sourceElementId: 'approve', targetElementId: 'sign' },
          ]),
        ),
      ).toEqual(
        failed(
          "active element with id 'work' is mapped to an element with id 'job-only' and has a catch event with id 'slow' that is mapped to a catch event with id 'slow2'. These mappings detach the catch event from the element in the target process. Catch events must stay attached to the same element instance.",
        ),
      );
      const looping = await sdk.zeebe.createProcessInstance({
        bpmnProcessId: t('timed'),
        variables: {},
        startInstructions: [{ elementId: 'each' }],
      });
      expect(
        await rejectionOf(
          migrate(looping.processInstanceKey, [{ sourceElementId: 'each', targetElementId: 'job' }], otherKey),
        ),
      ).toEqual({
        code: grpc.status.FAILED_PRECONDITION,
        details: `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${looping.processInstanceKey}' but active element with id 'each' and type 'MULTI_INSTANCE_BODY' is mapped to an element with id 'job' and different type 'SERVICE_TASK'. Elements must be mapped to elements of the same type.`,
      });
    });
  });
});
