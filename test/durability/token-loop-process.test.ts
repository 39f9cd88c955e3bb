/**
 * `npm run engine` (src/engine-main.ts) with a token loop running (issue 20): its REST API answers other
 * requests meanwhile (another instance's job completion, a create that awaits a long loop's result), SIGTERM
 * stops it, a restart on its journal opens and the loop goes on, and a cancel stops the loop.
 * On the old engine the create of the loop never answered, SIGTERM was ignored and a restart never opened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envWithoutAppSettings } from '../app/app-harness';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { freePort } from '../support/free-port';
import { COUNTING_LOOP, THROW_LOOP } from '../support/loop-processes';

jest.setTimeout(180_000);

const WORK = {
  id: 'work',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'loop-neighbour')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> task -> end'],
};

/** the parts of the REST answers this test reads */
interface Answer {
  processInstanceKey: string;
  state: string;
  jobs: { jobKey: string }[];
  variables: Record<string, unknown>;
  items: { elementInstanceKey: string }[];
}

describe('npm run engine with a token loop running', () => {
  let dataDir: string;
  let engine: StartedChild | undefined;
  let rest = '';
  let ports: { grpc: number; rest: number };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-loop-process-'));
    ports = { grpc: await freePort(), rest: await freePort() };
    rest = `http://127.0.0.1:${ports.rest}/v2`;
  });
  afterAll(() => {
    if (engine && engine.child.exitCode === null) engine.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the engine on the data directory; resolves once its state is open and its gateways listen. */
  async function startEngine(): Promise<StartedChild> {
    const started = spawnNode(['--import', 'tsx', path.join('src', 'engine-main.ts')], {
      ...envWithoutAppSettings(),
      ENGINE_DATA: dataDir,
      ZEEBE_GATEWAY_HOST: '127.0.0.1',
      ZEEBE_GATEWAY_PORT: String(ports.grpc),
      ZEEBE_REST_PORT: String(ports.rest),
      LOG_LEVEL: 'warn',
    });
    engine = started;
    await waitWhileRunning(started, () => started.stdout().includes('Camunda REST API:'), 'the engine opening', 60_000);
    return started;
  }

  /** A REST call that gives up (fails the test) instead of waiting for ever on an engine that hangs. */
  async function call(method: string, route: string, body?: unknown): Promise<{ status: number; json: Answer }> {
    const res = await fetch(`${rest}${route}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : {} };
  }

  const newestElementKey = async (processInstanceKey: string) => {
    const { json } = await call('POST', '/element-instances/search', {
      filter: { processInstanceKey },
      sort: [{ field: 'elementInstanceKey', order: 'DESC' }],
      page: { limit: 1 },
    });
    return BigInt(json.items[0].elementInstanceKey);
  };

  /** Polls until the loop has gone through element instances newer than `than`. */
  async function loopMovesOn(started: StartedChild, processInstanceKey: string, than: bigint) {
    let newest = than;
    await waitWhileRunning(
      started,
      async () => {
        newest = await newestElementKey(processInstanceKey);
        return newest > than;
      },
      'the loop moving on',
      30_000,
    );
    return newest;
  }

  it('serves other requests while a loop runs, stops on SIGTERM, reopens with the loop going on, and cancels it', async () => {
    let started = await startEngine();
    const form = new FormData();
    for (const p of [THROW_LOOP, WORK, COUNTING_LOOP])
      form.append('resources', new Blob([bpmnXml(p)], { type: 'application/xml' }), `${p.id}.bpmn`);
    const deployed = await fetch(`${rest}/deployments`, { method: 'POST', body: form });
    expect(deployed.status).toBe(200);

    const loop = await call('POST', '/process-instances', { processDefinitionId: THROW_LOOP.id });
    expect(loop.status).toBe(200);
    const loopKey: string = loop.json.processInstanceKey;

    // meanwhile: another instance to its job, the job activated and completed, the instance ended
    const other = await call('POST', '/process-instances', { processDefinitionId: WORK.id });
    const activated = await call('POST', '/jobs/activation', {
      type: 'loop-neighbour',
      timeout: 60_000,
      maxJobsToActivate: 1,
    });
    expect(activated.json.jobs).toHaveLength(1);
    const completed = await call('POST', `/jobs/${activated.json.jobs[0].jobKey}/completion`, {
      variables: { done: true },
    });
    expect(completed.status).toBe(204);
    expect((await call('GET', `/process-instances/${other.json.processInstanceKey}`)).json.state).toBe('COMPLETED');

    // a create that awaits a loop of many slices answers with its result
    const counted = await call('POST', '/process-instances', {
      processDefinitionId: COUNTING_LOOP.id,
      variables: { i: 0, limit: 3000 },
      awaitCompletion: true,
    });
    expect(counted.status).toBe(200);
    expect(counted.json.variables).toEqual({ i: 3000, limit: 3000 });

    const seen = await loopMovesOn(started, loopKey, 0n);
    started.child.kill('SIGTERM');
    await expect(started.exited).resolves.toBe(0);

    // the journal holds a running loop: the engine opens, and the loop goes on from where it was
    started = await startEngine();
    expect((await call('GET', `/process-instances/${loopKey}`)).json.state).toBe('ACTIVE');
    await loopMovesOn(started, loopKey, seen);

    expect((await call('POST', `/process-instances/${loopKey}/cancellation`)).status).toBe(204);
    expect((await call('GET', `/process-instances/${loopKey}`)).json.state).toBe('TERMINATED');
    const atCancel = await newestElementKey(loopKey);
    // (another request later: the loop would have gone through new element instances by then)
    await call('GET', '/topology');
    expect(await newestElementKey(loopKey)).toBe(atCancel);

    started.child.kill('SIGTERM');
    await expect(started.exited).resolves.toBe(0);
  });
});
