/**
 * Execution listeners (issue 21, point 3) through the unmodified SDK: start listeners run as jobs of kind
 * EXECUTION_LISTENER in model order after the input mappings and before the element's own job, end listeners
 * after its work; a start listener's variables are the element's locals, an end listener's reach the parent
 * scope; process-level listeners; a listener job out of retries is an EXECUTION_LISTENER_NO_RETRIES incident
 * whose resolution retries that listener only; a BPMN error from a listener is rejected as Zeebe rejects it;
 * deploy refuses the listeners Zeebe refuses. The last block restarts a journaled engine mid-listener.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEngine } from '../../src/engine/engine';
import { bpmnXml, type TestProcess } from '../support/bpmn';
import { clusterFetch } from '../support/cluster-fetch';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completeOne,
  expectRead,
  localVariables,
  openIncident,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const listeners = (...entries: [string, string, string?][]) =>
  `<zeebe:executionListeners>${entries
    .map(
      ([eventType, type, retries]) =>
        `<zeebe:executionListener eventType="${eventType}" type="${type}"${retries ? ` retries="${retries}"` : ''}/>`,
    )
    .join('')}</zeebe:executionListeners>`;

const ordered: TestProcess = {
  id: t('el-ordered'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="work"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${t('work')}"/>
      <zeebe:ioMapping><zeebe:input source="= amount * 10" target="scaled"/></zeebe:ioMapping>
      ${listeners(['start', t('el-first')], ['start', t('el-second')], ['end', t('el-after')])}
    </bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="next"><bpmn:extensionElements><zeebe:taskDefinition type="${t('next')}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> next -> end'],
};

const processLevel: TestProcess = {
  id: t('el-process'),
  elements: `<bpmn:extensionElements>${listeners(['start', t('el-p-start')], ['end', t('el-p-end')])}</bpmn:extensionElements>
    <bpmn:startEvent id="start"><bpmn:extensionElements>${listeners(['end', t('el-start-end')])}</bpmn:extensionElements></bpmn:startEvent>
    <bpmn:exclusiveGateway id="choose"><bpmn:extensionElements>${listeners(['start', t('el-gateway')])}</bpmn:extensionElements></bpmn:exclusiveGateway>
    <bpmn:endEvent id="big"/><bpmn:endEvent id="small"/>`,
  flows: ['start -> choose', 'choose -> big [= size > 10]', 'choose -> small [default]'],
};

const failing: TestProcess = {
  id: t('el-failing'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:manualTask id="step"><bpmn:extensionElements>${listeners(['start', t('el-ok')], ['start', t('el-flaky'), '1'])}</bpmn:extensionElements></bpmn:manualTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> step -> end'],
};

const waiting: TestProcess = {
  id: t('el-waiting'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:extensionElements>${listeners(['start', t('el-wait-start')])}</bpmn:extensionElements>
      <bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> wait -> end'],
  definitions: `<bpmn:message id="msg" name="${t('el-go')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>`,
};

describeWithEngine('execution listeners through the SDK', () => {
  const sdk = sdkCluster(ordered, processLevel, failing, waiting);

  test('a start listener sets the correlation key a catch event subscribes with; cancelling cancels a pending listener job', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: waiting.id, variables: {} });
    const [start] = await takeJobs(zeebe, t('el-wait-start'));
    await zeebe.completeJob({ jobKey: start.key, variables: { orderId: `o-${processInstanceKey}` } });
    await zeebe.publishMessage({ name: t('el-go'), correlationKey: `o-${processInstanceKey}`, variables: {} });
    expect(await untilEnded(engine, processInstanceKey)).toBe('COMPLETED');

    const second = await zeebe.createProcessInstance({ bpmnProcessId: waiting.id, variables: {} });
    const [pending] = await takeJobs(zeebe, t('el-wait-start'));
    await zeebe.cancelProcessInstance(second.processInstanceKey);
    expect(await untilEnded(engine, second.processInstanceKey)).toBe('TERMINATED');
    await expect(zeebe.completeJob({ jobKey: pending.key, variables: {} })).rejects.toThrow(/no such job was found/);
  });

  test('start listeners run in order after the input mappings and before the task job; end listeners after it', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: ordered.id,
      variables: { amount: 4 },
    });
    // the task's own job does not exist while a start listener runs
    const [first] = await takeJobs(zeebe, t('el-first'));
    expect(first.variables).toMatchObject({ amount: 4, scaled: 40 });
    expect(first.elementId).toBe('work');
    await expectRead(engine, async () =>
      (await searchJobs(processInstanceKey)).map((j) => [j.type, j.kind, j.listenerEventType]),
    ).toEqual([[t('el-first'), 'EXECUTION_LISTENER', 'START']]);
    await zeebe.completeJob({ jobKey: first.key, variables: { fromListener: 'first' } });
    const [second] = await takeJobs(zeebe, t('el-second'));
    expect(second.variables).toMatchObject({ fromListener: 'first' });
    await zeebe.completeJob({ jobKey: second.key, variables: {} });

    const [work] = await takeJobs(zeebe, t('work'));
    expect(work.variables).toMatchObject({ fromListener: 'first', scaled: 40 });
    // a start listener's variables are the element's locals
    await expectRead(engine, () => localVariables(engine, processInstanceKey, work.elementInstanceKey)).toMatchObject({
      fromListener: 'first',
    });
    expect(await rootVariables(engine, processInstanceKey)).not.toHaveProperty('fromListener');
    await zeebe.completeJob({ jobKey: work.key, variables: { result: 'done' } });

    const [after] = await takeJobs(zeebe, t('el-after'));
    expect(after.variables).toMatchObject({ result: 'done' });
    await expectRead(engine, async () =>
      (await searchJobs(processInstanceKey)).find((j) => j.jobKey === after.key),
    ).toMatchObject({ kind: 'EXECUTION_LISTENER', listenerEventType: 'END' });
    await zeebe.completeJob({ jobKey: after.key, variables: { audited: true } });
    const [next] = await takeJobs(zeebe, t('next'));
    await zeebe.completeJob({ jobKey: next.key, variables: {} });
    expect(await untilEnded(engine, processInstanceKey)).toBe('COMPLETED');
    // an end listener's variables reach the parent scope
    expect(await rootVariables(engine, processInstanceKey)).toMatchObject({ audited: true, result: 'done' });
    const all = await searchJobs(processInstanceKey);
    expect(all.find((j) => j.type === t('work'))).toMatchObject({
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
    });
  });

  test('process-level listeners open and close the instance; start-event end and gateway start listeners run', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: processLevel.id,
      variables: { size: 1 },
    });
    const [pStart] = await takeJobs(zeebe, t('el-p-start'));
    expect(pStart.elementId).toBe(processLevel.id);
    await zeebe.completeJob({ jobKey: pStart.key, variables: { opened: true } });
    await completeOne(zeebe, t('el-start-end'));
    // a gateway's start listener sets what the gateway decides on
    const [gateway] = await takeJobs(zeebe, t('el-gateway'));
    expect(gateway.variables).toMatchObject({ opened: true, size: 1 });
    await zeebe.completeJob({ jobKey: gateway.key, variables: { size: 99 } });
    const [pEnd] = await takeJobs(zeebe, t('el-p-end'));
    await zeebe.completeJob({ jobKey: pEnd.key, variables: { closed: true } });
    expect(await untilEnded(engine, processInstanceKey)).toBe('COMPLETED');
    const path = await searchElements(processInstanceKey);
    expect(path).toContain('big');
    expect(path).not.toContain('small');
    expect(await rootVariables(engine, processInstanceKey)).toMatchObject({ opened: true, closed: true });
  });

  test('a listener job out of retries is an EXECUTION_LISTENER_NO_RETRIES incident; resolving retries that listener only', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: failing.id, variables: {} });
    await completeOne(zeebe, t('el-ok'));
    const [flaky] = await takeJobs(zeebe, t('el-flaky'));
    await expect(zeebe.throwError({ jobKey: flaky.key, errorCode: 'oops', errorMessage: 'no' })).rejects.toThrow(
      `Cannot throw BPMN error from EXECUTION_LISTENER job with key '${flaky.key}', type '${t('el-flaky')}' and processInstanceKey '${processInstanceKey}'`,
    );
    await zeebe.failJob({ jobKey: flaky.key, retries: 0, errorMessage: 'listener down', retryBackOff: 0 });
    const incident = await openIncident(engine, processInstanceKey);
    expect(incident).toMatchObject({
      errorType: 'EXECUTION_LISTENER_NO_RETRIES',
      errorMessage: 'listener down',
      elementId: 'step',
      jobKey: flaky.key,
    });
    await zeebe.updateJobRetries({ jobKey: flaky.key, retries: 1 });
    await zeebe.resolveIncident({ incidentKey: incident.incidentKey as string });
    const [again] = await takeJobs(zeebe, t('el-flaky'));
    expect(again.key).toBe(flaky.key);
    expect(
      await zeebe.activateJobs({
        type: t('el-ok'),
        worker: 'w',
        timeout: 1000,
        maxJobsToActivate: 1,
        requestTimeout: -1,
      }),
    ).toEqual([]);
    await zeebe.completeJob({ jobKey: again.key, variables: {} });
    expect(await untilEnded(engine, processInstanceKey)).toBe('COMPLETED');
  });

  const searchJobs = async (processInstanceKey: string) => {
    const response = await clusterFetch(`${sdk.cluster.restAddress}/v2/jobs/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { processInstanceKey } }),
    });
    return (await response.json()).items as { jobKey: string; type: string; kind: string; listenerEventType: string }[];
  };
  const searchElements = async (processInstanceKey: string) => {
    const result = await sdk.engine.rest.searchElementInstances({ filter: { processInstanceKey } } as never);
    return (result.items as { elementId: string }[]).map((i) => i.elementId);
  };
});

describe('execution listeners in the embedded engine', () => {
  const logger = pino({ level: 'silent' });

  test.each([
    [
      'a start listener on a start event',
      `<bpmn:startEvent id="start"><bpmn:extensionElements>${listeners(['start', 'x'])}</bpmn:extensionElements></bpmn:startEvent><bpmn:endEvent id="end"/>`,
      "Execution listeners of type 'start' are not supported by start events",
    ],
    [
      'an end listener on a gateway',
      `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"><bpmn:extensionElements>${listeners(['end', 'x'])}</bpmn:extensionElements></bpmn:parallelGateway><bpmn:endEvent id="end"/>`,
      "Execution listeners of type 'end' are not supported by gateway element",
    ],
    [
      'the same eventType and type twice',
      `<bpmn:startEvent id="start"/><bpmn:task id="fork"><bpmn:extensionElements>${listeners(['start', 'x'], ['start', 'x'])}</bpmn:extensionElements></bpmn:task><bpmn:endEvent id="end"/>`,
      "Found '2' duplicates based on eventType[start] and type[x], these combinations should be unique.",
    ],
    [
      'task listeners on a job-worker user task',
      `<bpmn:startEvent id="start"/><bpmn:userTask id="fork"><bpmn:extensionElements><zeebe:taskListeners><zeebe:taskListener eventType="creating" type="x"/></zeebe:taskListeners></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="end"/>`,
      'Task listeners are only allowed on Camunda user tasks.',
    ],
  ])('deploy refuses %s in Zeebe’s words', async (_what, elements, message) => {
    const engine = await openEngine({ logger });
    try {
      const flows = elements.includes('id="fork"') ? ['start -> fork -> end'] : ['start -> end'];
      await expect(
        engine.deploy([{ name: 'bad.bpmn', content: bpmnXml({ id: 'bad-listeners', elements, flows }) }]),
      ).rejects.toThrow(message);
    } finally {
      engine.close();
    }
  });

  test.each(['the journal', 'a snapshot'])('a pending listener job survives a restart from %s', async (from) => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-listeners-'));
    let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    try {
      await engine.deploy([{ name: 'ordered.bpmn', content: bpmnXml(ordered) }]);
      const { processInstanceKey } = engine.createProcessInstance({
        bpmnProcessId: ordered.id,
        variables: { amount: 1 },
      });
      const take = (type: string) =>
        engine.activateJobs({ type, worker: 'w', timeout: 60_000, maxJobsToActivate: 1 })[0];
      engine.completeJob(take(t('el-first')).key, { fromListener: 'first' });
      const second = take(t('el-second'));
      await engine.durable();
      if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
      engine.close();

      engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      const pending = [...engine.listJobs()].find((j) => j.key === second.key);
      expect(pending).toMatchObject({ listener: { kind: 'EXECUTION_LISTENER', listenerEventType: 'START' } });
      engine.completeJob(second.key, {});
      const work = take(t('work'));
      expect(work.variables).toMatchObject({ fromListener: 'first', scaled: 10 });
      engine.completeJob(work.key, {});
      engine.completeJob(take(t('el-after')).key, {});
      engine.completeJob(take(t('next')).key, {});
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    } finally {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
