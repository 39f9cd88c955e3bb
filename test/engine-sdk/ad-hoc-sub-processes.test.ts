/**
 * Issue 21, item 4 (ad-hoc sub-processes, Zeebe 8.8 BPMN implementation) through the unmodified SDK and REST v2:
 * `activeElementsCollection` activates inner elements on entry, the completion condition (with or without
 * `cancelRemainingInstances`) or, without one, the end of all activated work completes it, and
 * `POST /v2/element-instances/ad-hoc-activities/{key}/activation` activates more; deploy rejects what Zeebe
 * rejects. An ad-hoc sub-process waiting for activation survives a restart.
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
  openIncident,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const adHoc = (id: string, inner: string, opts: { collection?: string; condition?: string; cancel?: boolean } = {}) =>
  `<bpmn:adHocSubProcess id="${id}"${opts.cancel === false ? ' cancelRemainingInstances="false"' : ''}>${
    opts.collection
      ? `<bpmn:extensionElements><zeebe:adHoc activeElementsCollection="${opts.collection}"/></bpmn:extensionElements>`
      : ''
  }${inner}${
    opts.condition
      ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${opts.condition}</bpmn:completionCondition>`
      : ''
  }</bpmn:adHocSubProcess>`;

const tasks = (...names: string[]) => names.map((n) => serviceTask(n, t(`ah-${n}`))).join('');

const processes: TestProcess[] = [
  {
    id: t('ah-collection'),
    elements: `<bpmn:startEvent id="start"/>${adHoc('pick', `${tasks('a', 'b', 'c')}<bpmn:sequenceFlow id="b-c" sourceRef="b" targetRef="c"/>`, { collection: '=chosen' })}<bpmn:endEvent id="end"/>`,
    flows: ['start -> pick -> end'],
  },
  {
    id: t('ah-condition'),
    elements: `<bpmn:startEvent id="start"/>${adHoc('pick', tasks('x', 'y'), { collection: '=[&quot;x&quot;, &quot;y&quot;]', condition: '=done = true' })}<bpmn:endEvent id="end"/>`,
    flows: ['start -> pick -> end'],
  },
  {
    id: t('ah-keep'),
    elements: `<bpmn:startEvent id="start"/>${adHoc('pick', tasks('p', 'q'), { collection: '=[&quot;p&quot;, &quot;q&quot;]', condition: '=done = true', cancel: false })}<bpmn:endEvent id="end"/>`,
    flows: ['start -> pick -> end'],
  },
  {
    id: t('ah-manual'),
    elements: `<bpmn:startEvent id="start"/>${adHoc('pick', tasks('m', 'n'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> pick -> end'],
  },
];

describeWithEngine('ad-hoc sub-processes through the SDK and REST', () => {
  const sdk = sdkCluster(...processes);
  const start = async (id: string, variables: Record<string, unknown> = {}) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t(id), variables: variables as never })).processInstanceKey;
  const adHocKey = async (processInstanceKey: string) => {
    let key: string | undefined;
    await expectRead(sdk.engine, async () => {
      key = (await elementInstances(sdk.engine, processInstanceKey)).find(
        (e) => e.elementId === 'pick',
      )?.elementInstanceKey;
      return key;
    }).toBeDefined();
    return key as string;
  };
  const activate = (key: string, body: unknown) =>
    clusterFetch(`${sdk.cluster.restAddress}/v2/element-instances/ad-hoc-activities/${key}/activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('activeElementsCollection activates the named elements; without a condition it completes when they are done', async () => {
    const key = await start('ah-collection', { chosen: ['a', 'b'] });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['pick', 'a', 'b']);
    await completeOne(sdk.zeebe, t('ah-a'));
    await completeOne(sdk.zeebe, t('ah-b'));
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['pick', 'c']);
    await completeOne(sdk.zeebe, t('ah-c'));
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test('an id that is no inner element raises an EXTRACT_VALUE_ERROR incident in Zeebe’s words', async () => {
    const key = await start('ah-collection', { chosen: ['a', 'c', 'zz'] });
    const incident = await openIncident(sdk.engine, key);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'pick' });
    expect(incident.errorMessage).toBe(
      "Failed to activate ad-hoc elements. No BPMN elements found with ids: 'c', 'zz'.",
    );
  });

  test('a fulfilled completion condition completes it and terminates what still runs', async () => {
    const key = await start('ah-condition', { done: false });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['pick', 'x', 'y']);
    await completeOne(sdk.zeebe, t('ah-x'), { done: true });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = new Map((await elementInstances(sdk.engine, key)).map((e) => [e.elementId, e.state]));
    expect(s.get('y')).toBe('TERMINATED');
    expect(s.get('pick')).toBe('COMPLETED');
  });

  test('with cancelRemainingInstances false it waits for the rest first', async () => {
    const key = await start('ah-keep', { done: false });
    await completeOne(sdk.zeebe, t('ah-p'), { done: true });
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['pick', 'q']);
    await completeOne(sdk.zeebe, t('ah-q'));
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test('REST activation activates inner elements with their variables; bad requests are 4xx naming the problem', async () => {
    const key = await start('ah-manual');
    const pick = await adHocKey(key);
    await expectRead(sdk.engine, () => activeElements(sdk.engine, key)).toEqual(['pick']);
    const ok = await activate(pick, { elements: [{ elementId: 'm', variables: { note: 'hi' } }] });
    expect(ok.status).toBe(204);
    const [job] = await sdk.zeebe.activateJobs({ type: t('ah-m'), maxJobsToActivate: 1, timeout: 10_000, worker: 'w' });
    expect(job.variables).toMatchObject({ note: 'hi' });
    const unknown = await activate(pick, { elements: [{ elementId: 'nope' }] });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/the given elements \['nope'\] do not exist/);
    expect((await activate('2251799813999999', { elements: [{ elementId: 'm' }] })).status).toBe(404);
    expect((await activate(pick, { elements: [] })).status).toBe(400);
    await sdk.zeebe.completeJob({ jobKey: job.key, variables: {} });
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
  });

  test.each([
    [
      'no activity',
      `<bpmn:startEvent id="start"/>${adHoc('pick', '<bpmn:intermediateThrowEvent id="i"/>')}<bpmn:endEvent id="end"/>`,
      /Element: pick\s+- ERROR: Must have at least one activity\./,
    ],
    [
      'a start event inside',
      `<bpmn:startEvent id="start"/>${adHoc('pick', `<bpmn:startEvent id="inner"/>${tasks('a')}`)}<bpmn:endEvent id="end"/>`,
      /Element: pick\s+- ERROR: Must not contain start or end events/,
    ],
  ])('deploy rejects an ad-hoc sub-process with %s', async (what, elements, reason) => {
    const id = t(`ah-reject-${what.replace(/\W+/g, '-')}`);
    const xml = bpmnXml({ id, elements, flows: ['start -> pick -> end'] });
    const error = await sdk.zeebe.deployResource({ name: `${id}.bpmn`, process: Buffer.from(xml) }).catch((e) => e);
    expect(String(error?.message)).toMatch(reason);
  });
});

describe('an ad-hoc sub-process waiting for activation across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-ad-hoc-'));
  const logger = pino({ level: 'silent' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(['the journal', 'a snapshot'])('is activated and completes after a restart (from %s)', async (from) => {
    const manual = { ...processes[3], id: `ah-restart-${from.replace(/\W+/g, '-')}` };
    let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    await engine.deploy([{ name: 'manual.bpmn', content: bpmnXml(manual) }]);
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: manual.id, variables: {} });
    const pick = [...engine.listElementInstances(processInstanceKey)].find((e) => e.elementId === 'pick');
    await engine.durable();
    if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
    engine.close();

    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    try {
      engine.activateAdHocActivities(pick?.key as string, [{ elementId: 'n' }]);
      const job = [...engine.listJobs()].find((j) => j.processInstanceKey === processInstanceKey);
      expect(job?.elementId).toBe('n');
      engine.completeJob(job?.key as string, {});
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    } finally {
      engine.close();
    }
  });
});
