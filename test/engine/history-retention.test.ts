/**
 * Bounded history (ENGINE_HISTORY_LIMIT, src/engine/runtime/history-retention.ts): with a limit of N,
 * only the newest N ended root instances stay queryable; older ones are gone with everything of theirs
 * (called child instances, element instances, variables, jobs, incidents, user tasks, taken flows), live
 * instances are never removed, and a restart from the journal or from a snapshot ends in exactly the
 * state an engine that never stopped is in.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEngineServices } from '../../src/boot/engine-gateways';
import { createEngine, type Engine, openEngine } from '../../src/engine/engine';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { canonicalSnapshot, silent, T0 } from './snapshot-fixture';

const compareKeys = (a: string, b: string) => a.length - b.length || a.localeCompare(b);

const LIMIT = 3;
const MINUTE = 60_000;

const resources = [
  {
    name: 'retention.bpmn',
    content: bpmnXml(
      {
        id: 'parent',
        elements: `<bpmn:startEvent id="ps"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>
          <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="pe"/>`,
        flows: ['ps -> call -> review -> pe'],
      },
      {
        id: 'child',
        elements: `<bpmn:startEvent id="cs"/>${serviceTask('work')}<bpmn:endEvent id="ce"/>`,
        flows: ['cs -> work -> ce'],
      },
    ),
  },
];

const activate = (e: Engine) => e.activateJobs({ type: 'work', worker: 'w', timeout: MINUTE, maxJobsToActivate: 1 });

/** Deploys, and starts the instance that stays live throughout: its child's job is activated and kept. */
async function begin(e: Engine): Promise<string> {
  e.clock.pin(T0);
  await e.deploy(resources);
  const live = e.createProcessInstance({ bpmnProcessId: 'parent', variables: { n: 'live' } }).processInstanceKey;
  e.activateJobs({ type: 'work', worker: 'keeper', timeout: 10 * 60 * MINUTE, maxJobsToActivate: 1 });
  return live;
}

/**
 * Runs instance `n` to its end: its child's job fails into an incident, which is resolved, and completes;
 * then the parent's user task is completed (every third instance is cancelled there instead).
 */
function runToEnd(e: Engine, n: number): string {
  const key = e.createProcessInstance({ bpmnProcessId: 'parent', variables: { n } }).processInstanceKey;
  const [job] = activate(e);
  e.failJob(job.key, 0, `work ${n} failed`, 0, { attempt: n }); // (a local variable of the task)
  const incident = [...e.listIncidents()].find((i) => i.state === 'ACTIVE' && i.jobKey === job.key);
  if (!incident) throw new Error(`instance ${n}: the failed job raised no incident`);
  e.updateJobRetries(job.key, 1);
  e.resolveIncident(incident.key);
  const [again] = activate(e);
  e.completeJob(again.key, { done: n });
  const task = [...e.listUserTasks()].find((t) => t.processInstanceKey === key && t.state === 'CREATED');
  if (!task) throw new Error(`instance ${n}: no user task was created`);
  if (n % 3 === 2) e.cancelProcessInstance(key);
  else e.completeUserTask(task.userTaskKey, { approved: n });
  e.clock.advance(MINUTE);
  return key;
}

/** Every key the engine answers anything for, per query. */
function keysIn(e: Engine) {
  return {
    instances: [...e.listProcessInstances()].map((p) => p.processInstanceKey),
    elementsOf: new Set([...e.listElementInstances()].map((i) => i.processInstanceKey)),
    variablesOf: new Set([...e.listVariables()].map((v) => v.processInstanceKey)),
    jobsOf: new Set([...e.listJobs()].map((j) => j.processInstanceKey)),
    incidentsOf: new Set([...e.listIncidents()].map((i) => i.processInstanceKey)),
    userTasksOf: new Set([...e.listUserTasks()].map((t) => t.processInstanceKey)),
  };
}

const childOf = (e: Engine, parentKey: string) =>
  [...e.listProcessInstances()].find((p) => p.parentProcessInstanceKey === parentKey)?.processInstanceKey;

/**
 * The whole state (the snapshot's content) and what the queries answer; variables and jobs in key order,
 * the only order a restart from history segments may change (canonicalSnapshot).
 */
const stateOf = (e: Engine) => ({
  snapshot: canonicalSnapshot(e),
  instances: [...e.listProcessInstances()],
  elements: [...e.listElementInstances()],
  variables: [...e.listVariables()].sort((a, b) => compareKeys(a.key, b.key)),
  jobs: [...e.listJobs()].sort((a, b) => compareKeys(a.key, b.key)),
  incidents: [...e.listIncidents()],
  userTasks: [...e.listUserTasks()],
});

describe('history retention: only the newest ended root instances are kept', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'baton-retention-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test(`with a limit of ${LIMIT}, the oldest ended instances are gone from every query and the newest ${LIMIT} remain whole`, async () => {
    const e = createEngine({ logger: silent, historyLimit: LIMIT });
    const live = await begin(e);
    const liveChild = childOf(e, live) as string;
    const ended: { key: string; child: string }[] = [];
    const extra = 4;
    for (let n = 0; n < LIMIT + extra; n++) {
      const key = runToEnd(e, n);
      ended.push({ key, child: childOf(e, key) ?? '' });
      // the instance that just ended is always still there, whatever the limit
      expect(e.getProcessInstance(key)?.state).toMatch(/COMPLETED|TERMINATED/);
    }
    const gone = ended.slice(0, extra);
    const kept = ended.slice(extra);
    const keys = keysIn(e);

    for (const { key, child } of gone) {
      expect(child).not.toBe(''); // it had a child before it was removed
      for (const k of [key, child]) {
        expect(e.getProcessInstance(k)).toBeUndefined(); // as a key never seen: GET answers 404
        expect(keys.instances).not.toContain(k);
        expect([...e.listElementInstances(k)]).toEqual([]);
        expect([...e.listVariables(k)]).toEqual([]);
        expect(e.takenSequenceFlows(k)).toEqual([]);
        for (const kind of ['elementsOf', 'variablesOf', 'jobsOf', 'incidentsOf', 'userTasksOf'] as const)
          expect([kind, keys[kind].has(k)]).toEqual([kind, false]);
      }
    }
    for (const { key, child } of kept) {
      expect(e.getProcessInstance(key)?.state).toMatch(/COMPLETED|TERMINATED/);
      expect(e.getProcessInstance(child)?.state).toBe('COMPLETED');
      expect([...e.listElementInstances(key)].map((i) => i.elementId)).toEqual(
        expect.arrayContaining(['parent', 'ps', 'call', 'review']),
      );
      expect([...e.listElementInstances(child)].map((i) => i.elementId)).toEqual(['child', 'cs', 'work', 'ce']);
      expect(e.takenSequenceFlows(key).length).toBeGreaterThan(0);
      for (const k of [key, child]) {
        for (const kind of ['elementsOf', 'variablesOf'] as const)
          expect([kind, keys[kind].has(k)]).toEqual([kind, true]);
      }
      for (const kind of ['jobsOf', 'incidentsOf'] as const)
        expect([kind, keys[kind].has(child)]).toEqual([kind, true]);
      expect(keys.userTasksOf.has(key)).toBe(true);
    }
    // the live instance, the oldest of all, is untouched and can still finish
    expect(e.getProcessInstance(live)?.state).toBe('ACTIVE');
    expect(e.getProcessInstance(liveChild)?.state).toBe('ACTIVE');
    expect([...e.listJobs()].find((j) => j.processInstanceKey === liveChild)?.state).toBe('ACTIVATED');
    expect(keys.instances.filter((k) => k !== live && k !== liveChild)).toHaveLength(2 * LIMIT);

    // nothing of the removed instances is left in the engine's own maps either
    const removed = new Set(gone.flatMap(({ key, child }) => [key, child]));
    const rt = e.runtime;
    expect([...rt.elementInstances.values()].filter((i) => removed.has(i.processInstanceKey))).toEqual([]);
    const liveScopes = new Set(rt.elementInstances.keys());
    expect([...rt.variables.scopes.keys()].filter((scope) => !liveScopes.has(scope))).toEqual([]);
    expect([...rt.jobs.finished.values()].filter(({ job }) => removed.has(job.instance.processInstanceKey))).toEqual(
      [],
    );
    expect(rt.elementInstances.size).toBe([...rt.processInstances.values()].reduce((n, p) => n + p.history.length, 0));

    // the live instance finishes and takes its place among the kept ones, pushing out the oldest kept
    const [keeper] = [...e.listJobs()].filter((j) => j.processInstanceKey === liveChild);
    e.completeJob(keeper.key, {});
    const task = [...e.listUserTasks()].find((t) => t.processInstanceKey === live && t.state === 'CREATED');
    e.completeUserTask(task?.userTaskKey as string, {});
    expect(e.getProcessInstance(live)?.state).toBe('COMPLETED');
    expect(e.getProcessInstance(kept[0].key)).toBeUndefined();
    expect(e.getProcessInstance(kept[1].key)).toBeDefined();
    e.close();
  });

  test('an evicted instance answers 404 over REST v2, like a key never seen', async () => {
    const e = createEngine({ logger: silent, historyLimit: 1 });
    await begin(e);
    const first = runToEnd(e, 0);
    const second = runToEnd(e, 1);
    const services = await startEngineServices(e, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger: silent });
    try {
      const get = (key: string) => fetch(`http://127.0.0.1:${services.restPort}/v2/process-instances/${key}`);
      expect((await get(second)).status).toBe(200);
      const evicted = await get(first);
      expect(evicted.status).toBe(404);
      const never = await get('2251799813999999');
      expect(never.status).toBe(404);
      expect(((await evicted.json()) as { title?: string }).title).toBe(
        ((await never.json()) as { title?: string }).title,
      );
    } finally {
      await services.close();
      e.close();
    }
  });

  test.each([
    ['the journal alone', 0],
    ['a snapshot', 10_000],
  ])('a restart from %s ends in the state of an engine that never stopped', async (_from, snapshotEvery) => {
    const atRestart = LIMIT + 1; // one instance already removed before the restart
    const total = atRestart + 2; // two more after it: which two of the three kept go depends on the end order
    const reference = createEngine({ logger: silent, historyLimit: LIMIT });
    await begin(reference);
    for (let n = 0; n < atRestart; n++) runToEnd(reference, n);

    const dir = tempDir();
    const open = () => openEngine({ dataDir: dir, logger: silent, snapshotEvery, historyLimit: LIMIT });
    let e = await open();
    await begin(e);
    for (let n = 0; n < atRestart; n++) runToEnd(e, n);
    await e.durable();
    const before = stateOf(e);
    expect(before).toEqual(stateOf(reference));
    expect(before.instances).toHaveLength(2 + 2 * LIMIT); // the live parent and child, and the kept ones: removal happened
    e.close();
    const snapshots = () => readdirSync(dir).filter((f) => f.includes('snapshot'));
    expect(snapshots().length > 0).toBe(snapshotEvery > 0); // restored from what the test says

    e = await open();
    expect(stateOf(e)).toEqual(before);
    // removal goes on after the restart from the rebuilt indexes, exactly as without the restart
    for (let n = atRestart; n < total; n++) {
      runToEnd(reference, n);
      runToEnd(e, n);
      expect(stateOf(e)).toEqual(stateOf(reference));
    }
    await e.durable();
    e.close();
    e = await open();
    expect(stateOf(e)).toEqual(stateOf(reference));
    e.close();
    reference.close();
  });

  test('a lower limit at start-up removes the oldest beyond it at once', async () => {
    const dir = tempDir();
    let e = await openEngine({ dataDir: dir, logger: silent, historyLimit: 5 });
    const live = await begin(e);
    const ended = [0, 1, 2, 3].map((n) => runToEnd(e, n));
    await e.durable();
    e.close(); // with a snapshot
    e = await openEngine({ dataDir: dir, logger: silent, historyLimit: 2 });
    expect(ended.map((key) => e.getProcessInstance(key) !== undefined)).toEqual([false, false, true, true]);
    expect(e.getProcessInstance(live)?.state).toBe('ACTIVE');
    e.close();
  });
});
