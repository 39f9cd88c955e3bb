/**
 * Issue 22, point 2, the element types Zeebe 8.8 migrates beyond tasks and sub-processes, through the
 * unmodified SDK (gRPC `migrateProcessInstance`): an active multi-instance body with its inner instances,
 * an active event sub-process, and Zeebe's rejections (a loop that would switch between sequential and
 * parallel, an ad-hoc sub-process, which 8.8 does not migrate).
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
  elementInstances,
  expectRead,
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

/** the keys of the instance's element instances of `elementId`, body first */
const keysOf = (items: { elementId: string; elementInstanceKey: string }[], elementId: string) =>
  items.filter((e) => e.elementId === elementId).map((e) => e.elementInstanceKey);

describeWithEngine('process instance migration of multi-instance bodies and event sub-processes', () => {
  const sdk = sdkCluster(miV1);
  let miTarget: string;

  beforeAll(async () => {
    await deploy(sdk.zeebe, miV2);
    const found = await pollFor('version 2', async () => {
      const result = await sdk.engine.rest.searchProcessDefinitions({ filter: { processDefinitionId: MI } } as never);
      return result.items.find((d) => d.version === 2);
    });
    miTarget = found.processDefinitionKey;
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
});
