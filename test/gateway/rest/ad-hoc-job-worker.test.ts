/**
 * Issue 21, item 4: ad-hoc sub-processes implemented by a job worker (Camunda 8.8), through the unmodified
 * clients: the SDK's gRPC client deploys and starts instances, `@camunda8/orchestration-cluster-api` works the
 * jobs over REST v2. The sub-process's job (kind AD_HOC_SUB_PROCESS) sees `adHocSubProcessElements`; its
 * completion `result` (`type: adHocSubProcess`) activates elements with their own variables, fulfils the
 * completion condition and cancels what still runs; a new job follows each inner completion, the open one
 * canceled first; Zeebe's rejections; AD_HOC_SUB_PROCESS_NO_RETRIES; a BPMN error from the job; a restart with
 * the job pending (journal and snapshot).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEngine } from '../../../src/engine/engine';
import { bpmnXml, serviceTask, type TestProcess } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { pollFor } from '../../support/eventually';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';
import { completeWithResult, takeJob } from '../../support/rest-jobs';

const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

/** an ad-hoc sub-process `agent` worked by jobs of type `type`: A (documented, with a property) and B, then C after B */
const agentProcess = (processId: string, type: string, extra = ''): TestProcess => ({
  id: processId,
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:adHocSubProcess id="agent"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="2"/></bpmn:extensionElements>
      <bpmn:serviceTask id="A" name="Look up"><bpmn:documentation>Finds the customer</bpmn:documentation>
        <bpmn:extensionElements><zeebe:taskDefinition type="${type}-a"/>
          <zeebe:properties><zeebe:property name="tool" value="crm"/></zeebe:properties></bpmn:extensionElements></bpmn:serviceTask>
      ${serviceTask('B', `${type}-b`)}
      ${serviceTask('C', `${type}-c`)}
      <bpmn:sequenceFlow id="b-c" sourceRef="B" targetRef="C"/>
    </bpmn:adHocSubProcess>
    ${extra}
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> agent -> end'],
});

const main = agentProcess(id('ahj-main'), id('agent'));
const caught = agentProcess(
  id('ahj-error'),
  id('agent-err'),
  `<bpmn:boundaryEvent id="failed" attachedToRef="agent"><bpmn:errorEventDefinition errorRef="giveUp"/></bpmn:boundaryEvent>
   <bpmn:endEvent id="gaveUp"/><bpmn:sequenceFlow id="failed-gaveUp" sourceRef="failed" targetRef="gaveUp"/>`,
);
caught.definitions = '<bpmn:error id="giveUp" errorCode="GIVE_UP"/>';

/** the main agent with an interrupting event sub-process started by the signal `stop-<run>` */
const stoppable = agentProcess(id('ahj-stop'), id('agent-stop'));
stoppable.elements = stoppable.elements.replace(
  '</bpmn:adHocSubProcess>',
  `<bpmn:subProcess id="stopped" triggeredByEvent="true">
     <bpmn:startEvent id="stopStart"><bpmn:signalEventDefinition signalRef="stopSignal"/></bpmn:startEvent>
     <bpmn:endEvent id="stopEnd"/><bpmn:sequenceFlow id="s1" sourceRef="stopStart" targetRef="stopEnd"/>
   </bpmn:subProcess></bpmn:adHocSubProcess>`,
);
stoppable.definitions = `<bpmn:signal id="stopSignal" name="${id('stop')}"/>`;

/** job-worker ad-hoc sub-process collecting each path's `result` into `results` */
const collecting: TestProcess = {
  id: id('ahj-collect'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:adHocSubProcess id="agent"><bpmn:extensionElements><zeebe:taskDefinition type="${id('collector')}"/>
      <zeebe:adHoc outputCollection="results" outputElement="= result"/></bpmn:extensionElements>
      ${serviceTask('X', `${id('collector')}-x`)}
      ${serviceTask('Y', `${id('collector')}-y`)}
    </bpmn:adHocSubProcess>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> agent -> end'],
};

describe('ad-hoc sub-processes implemented by a job worker, over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await cluster.zeebe.deployResources([
      { name: 'main.bpmn', process: Buffer.from(bpmnXml(main)) },
      { name: 'caught.bpmn', process: Buffer.from(bpmnXml(caught)) },
      { name: 'collecting.bpmn', process: Buffer.from(bpmnXml(collecting)) },
      { name: 'stoppable.bpmn', process: Buffer.from(bpmnXml(stoppable)) },
    ]);
  });
  afterAll(() => cluster?.close());

  const take = (type: string) => takeJob(client, type, 'ahj-test');
  const decide = (jobKey: string, result: object, variables?: object) =>
    completeWithResult(client, 'adHocSubProcess', jobKey, result, variables);
  const start = async (processId: string) =>
    (await cluster.zeebe.createProcessInstance({ bpmnProcessId: processId, variables: {} })).processInstanceKey;
  const states = async (processInstanceKey: string) => {
    const { items } = await client.searchElementInstances({ filter: { processInstanceKey } } as never, NOW);
    return (items ?? []).map((e: { elementId: string; state: string }) => `${e.elementId}:${e.state}`).sort();
  };
  const instanceState = async (processInstanceKey: string) =>
    (await client.getProcessInstance({ processInstanceKey } as never, NOW)).state;
  const adHocJobs = async (processInstanceKey: string) => {
    const { items } = await client.searchJobs({ filter: { processInstanceKey, elementId: 'agent' } } as never, NOW);
    return (items ?? []).map((j: { state: string }) => j.state);
  };

  test('the job sees adHocSubProcessElements; its result activates elements with variables; each inner completion brings a new job; fulfilling completes', async () => {
    const processInstanceKey = await start(main.id);
    const first = await take(id('agent'));
    expect(first).toMatchObject({
      kind: 'AD_HOC_SUB_PROCESS',
      listenerEventType: 'UNSPECIFIED',
      elementId: 'agent',
      retries: 2,
    });
    expect(first.variables.adHocSubProcessElements).toEqual([
      { elementId: 'A', elementName: 'Look up', documentation: 'Finds the customer', properties: { tool: 'crm' } },
      { elementId: 'B' },
    ]);

    await decide(first.jobKey, {
      activateElements: [{ elementId: 'A', variables: { query: 'acme' } }, { elementId: 'B' }],
    });
    const a = await take(`${id('agent')}-a`);
    expect(a.variables).toMatchObject({ query: 'acme' });
    const b = await take(`${id('agent')}-b`);
    expect(b.variables.query).toBeUndefined();

    await client.completeJob({ jobKey: a.jobKey, variables: { found: true } } as never);
    const second = await take(id('agent'));
    // B's path goes on to C and ends there: the open job is canceled and a new one made
    await client.completeJob({ jobKey: b.jobKey, variables: {} } as never);
    await client.completeJob({ jobKey: (await take(`${id('agent')}-c`)).jobKey, variables: {} } as never);
    const third = await take(id('agent'));
    expect(third.jobKey).not.toBe(second.jobKey);
    expect(await adHocJobs(processInstanceKey)).toEqual(['COMPLETED', 'CANCELED', 'CREATED']);

    await decide(third.jobKey, { isCompletionConditionFulfilled: true }, { summary: 'done' });
    await pollFor('the instance to complete', async () => (await instanceState(processInstanceKey)) === 'COMPLETED');
    const { items } = await client.searchVariables({ filter: { processInstanceKey, name: 'summary' } } as never, NOW);
    expect(items.map((v: { scopeKey: string; value: string }) => [v.scopeKey, v.value])).toEqual([
      [processInstanceKey, '"done"'],
    ]);
  });

  test('fulfilled with isCancelRemainingInstances terminates what still runs; without, it waits for it', async () => {
    const cancelled = await start(main.id);
    await decide((await take(id('agent'))).jobKey, { activateElements: [{ elementId: 'A' }, { elementId: 'B' }] });
    await client.completeJob({ jobKey: (await take(`${id('agent')}-a`)).jobKey, variables: {} } as never);
    await decide((await take(id('agent'))).jobKey, {
      isCompletionConditionFulfilled: true,
      isCancelRemainingInstances: true,
    });
    await pollFor('the instance to complete', async () => (await instanceState(cancelled)) === 'COMPLETED');
    expect(await states(cancelled)).toEqual(
      expect.arrayContaining(['A:COMPLETED', 'B:TERMINATED', 'agent:COMPLETED', 'end:COMPLETED']),
    );

    const waiting = await start(main.id);
    await decide((await take(id('agent'))).jobKey, { activateElements: [{ elementId: 'A' }, { elementId: 'B' }] });
    await client.completeJob({ jobKey: (await take(`${id('agent')}-a`)).jobKey, variables: {} } as never);
    await decide((await take(id('agent'))).jobKey, { isCompletionConditionFulfilled: true });
    expect(await instanceState(waiting)).toBe('ACTIVE');
    await client.completeJob({ jobKey: (await take(`${id('agent')}-b`)).jobKey, variables: {} } as never);
    expect(await instanceState(waiting)).toBe('ACTIVE'); // B's path goes on to C
    await client.completeJob({ jobKey: (await take(`${id('agent')}-c`)).jobKey, variables: {} } as never);
    await pollFor('the instance to complete', async () => (await instanceState(waiting)) === 'COMPLETED');
  });

  test('activating with isCancelRemainingInstances terminates what runs and starts the new elements', async () => {
    const processInstanceKey = await start(main.id);
    await decide((await take(id('agent'))).jobKey, { activateElements: [{ elementId: 'A' }, { elementId: 'B' }] });
    await client.completeJob({ jobKey: (await take(`${id('agent')}-a`)).jobKey, variables: {} } as never);
    await decide((await take(id('agent'))).jobKey, {
      activateElements: [{ elementId: 'A' }],
      isCancelRemainingInstances: true,
    });
    await pollFor('B terminated, A again', async () => {
      const s = await states(processInstanceKey);
      return s.includes('B:TERMINATED') && s.filter((e) => e === 'A:ACTIVE').length === 1 ? s : undefined;
    });
    expect(await instanceState(processInstanceKey)).toBe('ACTIVE');
  });

  test('an interrupting event sub-process inside ends the work and completes the sub-process', async () => {
    const processInstanceKey = await start(stoppable.id);
    const job = await take(id('agent-stop'));
    expect((job.variables.adHocSubProcessElements as { elementId: string }[]).map((e) => e.elementId)).toEqual([
      'A',
      'B',
    ]);
    await decide(job.jobKey, { activateElements: [{ elementId: 'A' }] });
    await take(`${id('agent-stop')}-a`);
    await client.broadcastSignal({ signalName: id('stop') } as never);
    await pollFor('the instance to complete', async () => (await instanceState(processInstanceKey)) === 'COMPLETED');
    expect(await states(processInstanceKey)).toEqual(
      expect.arrayContaining(['A:TERMINATED', 'stopped:COMPLETED', 'agent:COMPLETED', 'end:COMPLETED']),
    );
    expect(await adHocJobs(processInstanceKey)).toEqual(['COMPLETED']);
  });

  test('rejects unknown elements (404) and activating with a fulfilled condition (400) in Zeebe’s words; nothing changes', async () => {
    const processInstanceKey = await start(main.id);
    const job = await take(id('agent'));
    const unknown = await decide(job.jobKey, { activateElements: [{ elementId: 'Nope' }, { elementId: 'C' }] }).catch(
      (e) => e,
    );
    expect(unknown).toMatchObject({ status: 404 });
    expect(JSON.stringify(unknown)).toContain(
      `Expected to activate activities for ad-hoc sub-process with key '${job.elementInstanceKey}', but the given elements [Nope, C] do not exist.`,
    );
    const both = await decide(job.jobKey, {
      activateElements: [{ elementId: 'A' }],
      isCompletionConditionFulfilled: true,
    }).catch((e) => e);
    expect(both).toMatchObject({ status: 400 });
    expect(JSON.stringify(both)).toContain(
      `No elements can be activated for ad-hoc sub-process with key '${job.elementInstanceKey}' because the completion condition is fulfilled.`,
    );
    const missingId = await decide(job.jobKey, { activateElements: [{ variables: {} }] }).catch((e) => e);
    expect(missingId).toMatchObject({ status: 400 });
    expect(await states(processInstanceKey)).toEqual(['agent:ACTIVE', 'start:COMPLETED']);
    await decide(job.jobKey, { isCompletionConditionFulfilled: true });
    await pollFor('the instance to complete', async () => (await instanceState(processInstanceKey)) === 'COMPLETED');
  });

  test('outputCollection collects each path’s outputElement and hands the list to the parent scope', async () => {
    const processInstanceKey = await start(collecting.id);
    await decide((await take(id('collector'))).jobKey, { activateElements: [{ elementId: 'X' }, { elementId: 'Y' }] });
    await client.completeJob({
      jobKey: (await take(`${id('collector')}-y`)).jobKey,
      variables: { result: 'y' },
    } as never);
    await client.completeJob({
      jobKey: (await take(`${id('collector')}-x`)).jobKey,
      variables: { result: { n: 1 } },
    } as never);
    const last = await pollFor('the job after both paths', async () => {
      const job = await take(id('collector'));
      return (job.variables.results as unknown[] | undefined)?.length === 2 ? job : undefined;
    });
    expect(last.variables.results).toEqual(['y', { n: 1 }]);
    await decide(last.jobKey, { isCompletionConditionFulfilled: true });
    await pollFor('the instance to complete', async () => (await instanceState(processInstanceKey)) === 'COMPLETED');
    const { items } = await client.searchVariables(
      { filter: { processInstanceKey, scopeKey: processInstanceKey } } as never,
      NOW,
    );
    const atRoot = Object.fromEntries((items ?? []).map((v: { name: string; value: string }) => [v.name, v.value]));
    expect(atRoot).toEqual({ results: '["y",{"n":1}]' });
  });

  test('deploy refuses an outputCollection without an outputElement', async () => {
    const xml = bpmnXml({
      ...collecting,
      id: id('ahj-half'),
      elements: collecting.elements.replace(' outputElement="= result"', ''),
    });
    const error = await cluster.zeebe
      .deployResources([{ name: 'half.bpmn', process: Buffer.from(xml) }])
      .catch((e) => e);
    expect(String(error?.message)).toMatch(
      /Element: agent\s+- ERROR: Must define both outputCollection and outputElement, or neither\./,
    );
  });

  test('deploy refuses a task definition without a job type', async () => {
    const xml = bpmnXml(agentProcess(id('ahj-untyped'), ''));
    const error = await cluster.zeebe
      .deployResources([{ name: 'untyped.bpmn', process: Buffer.from(xml) }])
      .catch((e) => e);
    expect(String(error?.message)).toMatch(
      /Element: agent\s+- ERROR: Attribute 'type' of 'zeebe:taskDefinition' must be present and not empty/,
    );
  });

  test('a job out of retries is an AD_HOC_SUB_PROCESS_NO_RETRIES incident', async () => {
    const processInstanceKey = await start(main.id);
    const job = await take(id('agent'));
    await client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'model unavailable' } as never);
    const incident = await pollFor('the incident', async () => {
      const { items } = await client.searchIncidents({ filter: { processInstanceKey } } as never, NOW);
      return items?.[0];
    });
    expect(incident).toMatchObject({
      errorType: 'AD_HOC_SUB_PROCESS_NO_RETRIES',
      errorMessage: 'model unavailable',
      elementId: 'agent',
      jobKey: job.jobKey,
    });
  });

  test('the SDK’s gRPC worker sees the job and its BPMN error is caught on the sub-process', async () => {
    const processInstanceKey = await start(caught.id);
    const [job] = await pollFor('the job over gRPC', async () => {
      const jobs = await cluster.zeebe.activateJobs({
        type: id('agent-err'),
        worker: 'sdk',
        maxJobsToActivate: 1,
        timeout: 60_000,
        requestTimeout: -1,
      } as never);
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(job.elementId).toBe('agent');
    expect((job.variables as { adHocSubProcessElements: unknown[] }).adHocSubProcessElements).toHaveLength(2);
    await cluster.zeebe.throwError({ jobKey: job.key, errorCode: 'GIVE_UP', errorMessage: 'no tool fits' });
    await pollFor('the instance to complete', async () => (await instanceState(processInstanceKey)) === 'COMPLETED');
    expect(await states(processInstanceKey)).toEqual(
      expect.arrayContaining(['agent:TERMINATED', 'failed:COMPLETED', 'gaveUp:COMPLETED']),
    );
  });
});

describe('a job-worker ad-hoc sub-process across a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-ad-hoc-job-'));
  const logger = pino({ level: 'silent' });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(['the journal', 'a snapshot'])(
    'keeps its pending job and a fulfilled condition (from %s)',
    async (from) => {
      const model = agentProcess(`ahj-restart-${from.replace(/\W+/g, '-')}`, `agent-${from.replace(/\W+/g, '-')}`);
      const jobOf = (engine: Awaited<ReturnType<typeof openEngine>>, elementId: string) =>
        [...engine.listJobs()].find(
          (j) => j.elementId === elementId && j.state !== 'COMPLETED' && j.state !== 'CANCELED',
        );
      let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      await engine.deploy([{ name: 'agent.bpmn', content: bpmnXml(model) }]);
      const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: model.id, variables: {} });
      engine.completeAdHocJob(
        jobOf(engine, 'agent')?.key as string,
        {},
        {
          activateElements: [{ elementId: 'A' }, { elementId: 'B' }],
        },
      );
      engine.completeJob(jobOf(engine, 'A')?.key as string, {});
      const pending = jobOf(engine, 'agent')?.key as string;
      expect(pending).toBeDefined();
      await engine.durable();
      if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
      engine.close();

      engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      engine.completeAdHocJob(pending, {}, { isCompletionConditionFulfilled: true, isCancelRemainingInstances: false });
      await engine.durable();
      if (from === 'a snapshot') expect(engine.snapshot()).toBe(true);
      engine.close();

      engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      try {
        expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('ACTIVE');
        engine.completeJob(jobOf(engine, 'B')?.key as string, {});
        expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('ACTIVE'); // B's path goes on to C
        engine.completeJob(jobOf(engine, 'C')?.key as string, {});
        expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
      } finally {
        engine.close();
      }
    },
  );
});
