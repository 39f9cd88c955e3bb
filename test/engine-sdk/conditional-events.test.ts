/**
 * Issue 21, item 4 (conditional events, Camunda 8.9 semantics) through the unmodified SDK (gRPC SetVariables,
 * job completion) and REST v2: an intermediate catch waits until its condition is true, boundary events
 * (interrupting or not) and event sub-process starts trigger when a variable they read changes or already hold
 * when their scope activates, `variableEvents` narrows the changes, and `POST /v2/conditionals/evaluation` starts
 * instances at root-level conditional start events. A waiting catch event survives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEngine } from '../../src/engine/engine';
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { clusterFetch } from '../support/cluster-fetch';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  activeElements,
  completeOne,
  elementInstances,
  expectRead,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const condition = (expr: string, filter = '') =>
  `<bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression">${expr}</bpmn:condition>${
    filter
      ? `<bpmn:extensionElements><zeebe:conditionalFilter variableEvents="${filter}"/></bpmn:extensionElements>`
      : ''
  }</bpmn:conditionalEventDefinition>`;

const processes: TestProcess[] = [
  {
    id: t('cond-catch'),
    elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait">${condition('= stock &gt;= 5')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
    flows: ['start -> wait -> end'],
  },
  {
    // an interrupting boundary on a task and a non-interrupting one (create only)
    id: t('cond-boundary'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('review', t('cond-review'))}<bpmn:endEvent id="end"/>
      <bpmn:boundaryEvent id="changed" attachedToRef="review">${condition('= addressChanged = true')}</bpmn:boundaryEvent><bpmn:endEvent id="changed-end"/>
      <bpmn:boundaryEvent id="noted" attachedToRef="review" cancelActivity="false">${condition('= note != null', 'create')}</bpmn:boundaryEvent><bpmn:endEvent id="noted-end"/>`,
    flows: ['start -> review -> end', 'changed -> changed-end', 'noted -> noted-end'],
  },
  {
    // an interrupting event sub-process: set by a job's variables, or already true when the instance starts
    id: t('cond-event-sub'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('cond-work'))}${serviceTask('more', t('cond-more'))}<bpmn:endEvent id="end"/>
      <bpmn:subProcess id="cancel" triggeredByEvent="true"><bpmn:startEvent id="cancel-start">${condition('= cancelled')}</bpmn:startEvent><bpmn:endEvent id="cancel-end"/>
        <bpmn:sequenceFlow id="c1" sourceRef="cancel-start" targetRef="cancel-end"/></bpmn:subProcess>`,
    flows: ['start -> work -> more -> end'],
  },
  {
    // after an event-based gateway: the condition races a timer
    id: t('cond-gateway'),
    elements: `<bpmn:startEvent id="start"/><bpmn:eventBasedGateway id="race"/>
      <bpmn:intermediateCatchEvent id="ready">${condition('= ready = true')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="ready-end"/>
      <bpmn:intermediateCatchEvent id="late"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="late-end"/>`,
    flows: ['start -> race -> ready -> ready-end', 'race -> late -> late-end'],
  },
  {
    id: t('cond-start'),
    elements: `<bpmn:startEvent id="big">${condition('= amount &gt; 100')}</bpmn:startEvent><bpmn:endEvent id="end"/>`,
    flows: ['big -> end'],
  },
];

describeWithEngine('conditional events (8.9) through the SDK and REST', () => {
  const sdk = sdkCluster(...processes);
  const start = async (id: string, variables: Record<string, string | number | boolean> = {}) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t(id), variables })).processInstanceKey;
  const setVariables = (key: string, variables: Record<string, string | number | boolean>) =>
    sdk.zeebe.setVariables({ elementInstanceKey: key, variables, local: false });
  const states = async (key: string) =>
    new Map((await elementInstances(sdk.engine, key)).map((e) => [e.elementId, e.state]));

  test('an intermediate catch waits until a variable change makes its condition true', async () => {
    const key = await start('cond-catch', { stock: 1 });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['wait']);
    await setVariables(key, { stock: 3 });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['wait']);
    await setVariables(key, { stock: 7 });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test('a condition already true when the catch event is reached completes it at once', async () => {
    const key = await start('cond-catch', { stock: 9 });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test('boundaries: a non-interrupting one on creation only, an interrupting one ends the task', async () => {
    const key = await start('cond-boundary', { addressChanged: false });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['review']);
    await setVariables(key, { note: 'first' });
    await expectRead(sdk.engine, async () => (await states(key)).get('noted-end')).toBe('COMPLETED');
    await setVariables(key, { note: 'second' }); // an update: the filter lets only creations through
    await setVariables(key, { addressChanged: true });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const all = await elementInstances(sdk.engine, key);
    expect(all.filter((e) => e.elementId === 'noted')).toHaveLength(1);
    const s = new Map(all.map((e) => [e.elementId, e.state]));
    expect(s.get('review')).toBe('TERMINATED');
    expect(s.get('changed-end')).toBe('COMPLETED');
  });

  test("an interrupting event sub-process: triggered by a job's variables, or at once when already true", async () => {
    const key = await start('cond-event-sub', { cancelled: false });
    await completeOne(sdk.zeebe, t('cond-work'), { cancelled: true });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = await states(key);
    expect(s.get('cancel')).toBe('COMPLETED');
    expect(s.has('end')).toBe(false);

    const early = await start('cond-event-sub', { cancelled: true });
    expect(await untilEnded(sdk.engine, early)).toBe('COMPLETED');
    expect((await states(early)).get('cancel')).toBe('COMPLETED');
  });

  test('after an event-based gateway, a condition that becomes true wins the race', async () => {
    const key = await start('cond-gateway', { ready: false });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['race']);
    await setVariables(key, { ready: true });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = await states(key);
    expect(s.get('ready-end')).toBe('COMPLETED');
    expect(s.has('late')).toBe(false);
  });

  test('POST /v2/conditionals/evaluation starts an instance at each true root-level conditional start event', async () => {
    const evaluate = (body: unknown) =>
      clusterFetch(`${sdk.cluster.restAddress}/v2/conditionals/evaluation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const none = await evaluate({ variables: { amount: 50 } });
    expect(none.status).toBe(200);
    expect((await none.json()).processInstances).toEqual([]);
    const some = await evaluate({ variables: { amount: 500 } });
    const result = await some.json();
    expect(result).toMatchObject({ tenantId: '<default>', conditionalEvaluationKey: expect.any(String) });
    expect(result.processInstances).toHaveLength(1);
    const [{ processInstanceKey }] = result.processInstances;
    expect(await untilEnded(sdk.engine, processInstanceKey)).toBe('COMPLETED');
    const bad = await evaluate({ variable: {} });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/variables/);
  });

  test.each([
    [
      'two event sub-processes with one condition',
      `<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>
        <bpmn:subProcess id="a" triggeredByEvent="true"><bpmn:startEvent id="a-start">${condition('= x')}</bpmn:startEvent><bpmn:endEvent id="a-end"/><bpmn:sequenceFlow id="a1" sourceRef="a-start" targetRef="a-end"/></bpmn:subProcess>
        <bpmn:subProcess id="b" triggeredByEvent="true"><bpmn:startEvent id="b-start">${condition('= x')}</bpmn:startEvent><bpmn:endEvent id="b-end"/><bpmn:sequenceFlow id="b1" sourceRef="b-start" targetRef="b-end"/></bpmn:subProcess>`,
      /ERROR: Cannot have more than one conditional event subscription with the same condition '= x'/,
    ],
    [
      'a condition that is no FEEL',
      `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait">${condition('= x &gt;')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
      /Element: wait\s+- ERROR: Invalid FEEL expression for condition/,
    ],
  ])('deploy rejects %s', async (what, elements, reason) => {
    const id = t(`cond-reject-${what.replace(/\W+/g, '-')}`);
    const xml = bpmnXml({ id, elements, flows: ['start -> end'] });
    const error = await sdk.zeebe.deployResource({ name: `${id}.bpmn`, process: Buffer.from(xml) }).catch((e) => e);
    expect(String(error?.message)).toMatch(reason);
  });
});

describe('a waiting conditional catch event across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-conditional-'));
  const logger = pino({ level: 'silent' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(['the journal', 'a snapshot'])('still waits, and a later change completes it (from %s)', async (from) => {
    const catchProcess = { ...processes[0], id: `cond-restart-${from.replace(/\W+/g, '-')}` };
    let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    await engine.deploy([{ name: 'catch.bpmn', content: bpmnXml(catchProcess) }]);
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: catchProcess.id,
      variables: { stock: 1 },
    });
    engine.setVariables(processInstanceKey, { stock: 2 }, false);
    await engine.durable();
    if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
    engine.close();

    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    try {
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('ACTIVE');
      engine.setVariables(processInstanceKey, { stock: 5 }, false);
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    } finally {
      engine.close();
    }
  });
});
