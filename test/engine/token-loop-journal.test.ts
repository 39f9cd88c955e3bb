/**
 * A durable engine with a token loop running (issue 20): the journal holds the loop's slices between the
 * other commands, so a restart opens (instead of replaying the loop for ever), rebuilds exactly the state
 * it had, and the loop goes on in slices; a snapshot taken mid-loop holds the steps still to run.
 * On the old engine the first createProcessInstance of a loop never returned.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { JournalRecord } from '../../src/engine/commands/journal-record';
import type { Engine } from '../../src/engine/engine';
import { JournalFile } from '../../src/engine/journal/journal-file';
import { LIVE_HISTORY_KEPT } from '../../src/engine/runtime/live-history';
import { STEPS_PER_SLICE } from '../../src/engine/step-slices';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { pollFor } from '../support/eventually';
import { deployProcesses, stateOf, workJobs } from '../support/in-process';
import { CALL_LOOP, CALLEE, COUNTING_LOOP, THROW_LOOP } from '../support/loop-processes';
import { restartableEngine } from '../support/restartable-engine';

jest.setTimeout(30_000);

const logger = pino({ level: 'silent' });
const turn = () => new Promise((resolve) => setImmediate(resolve));
const WORK = {
  id: 'work',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'loop-neighbour')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> task -> end'],
};

/** everything a client could see of the element instances and variables, in key order */
function stateView(engine: Engine) {
  const byKey = (a: { key: string }, b: { key: string }) => (BigInt(a.key) < BigInt(b.key) ? -1 : 1);
  return {
    elements: [...engine.listElementInstances()]
      .map((e) => ({ key: e.key, elementId: e.elementId, state: e.state, instance: e.processInstanceKey }))
      .sort(byKey),
    variables: [...engine.listVariables()].map((v) => ({ key: v.key, name: v.name, value: v.value })).sort(byKey),
    instances: [...engine.listProcessInstances()]
      .map((p) => ({ key: p.processInstanceKey, state: p.state }))
      .sort(byKey),
  };
}

const countOf = (engine: Engine, key: string) => [...engine.listElementInstances(key)].length;

describe('a durable engine with a running token loop', () => {
  const restart = restartableEngine('baton-token-loop-', { logger, diskFreeMin: 0 });
  const open = (snapshotEvery: number) => restart.reopen({ snapshotEvery });

  test.each([
    ['from the journal alone', 0],
    ['from snapshots taken while it ran, and the journal after them', 3],
  ])('%s: a restart opens, rebuilds the same state, and the loop goes on until cancelled', async (_, every) => {
    let e = await open(every);
    await deployProcesses(e, THROW_LOOP, WORK, COUNTING_LOOP);
    const loop = e.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} }).processInstanceKey;
    for (let i = 0; i < 3; i++) await turn();
    // other commands between the loop's slices: their place among the slices is what a replay must follow
    const other = e.createProcessInstance({ bpmnProcessId: WORK.id, variables: { n: 1 } }).processInstanceKey;
    const counting = e.createProcessInstance({
      bpmnProcessId: COUNTING_LOOP.id,
      variables: { i: 0, limit: 2000 },
    }).processInstanceKey;
    for (let i = 0; i < 3; i++) await turn();
    workJobs(e, 'loop-neighbour', () => ({ done: true }));
    for (let i = 0; i < 3; i++) await turn();
    if (every > 0) {
      await e.snapshotsWritten();
      expect(readdirSync(restart.dir).filter((f) => /^snapshot-\d+\.json$/.test(f)).length).toBeGreaterThan(0);
    }
    await e.durable();
    const before = stateView(e);
    expect(before.instances).toContainEqual({ key: loop, state: 'ACTIVE' });
    expect(before.instances).toContainEqual({ key: other, state: 'COMPLETED' });

    e = await open(every);
    expect(stateView(e)).toEqual(before);

    // the loop goes on (and the counting one ends), in slices
    const atOpen = countOf(e, loop);
    for (let i = 0; i < 100 && countOf(e, loop) <= atOpen; i++) await turn();
    expect(countOf(e, loop)).toBeGreaterThan(atOpen);
    await expect(e.awaitCompletion(counting, 20_000)).resolves.toEqual({ i: 2000, limit: 2000 });

    e.cancelProcessInstance(loop);
    expect(stateOf(e, loop)).toBe('TERMINATED');
    await e.durable();
    const cancelled = stateView(e);
    e = await open(every);
    expect(stateView(e)).toEqual(cancelled);
  });

  test.each([
    ['from the journal alone', 0, COUNTING_LOOP],
    ['from snapshots', 3, COUNTING_LOOP],
    ['through a call activity, from the journal alone', 0, CALL_LOOP],
    ['through a call activity, from snapshots', 3, CALL_LOOP],
  ])(
    '%s: a loop whose history was trimmed restarts to the same state, trimmed at the same points',
    async (_, every, model) => {
      let e = await open(every);
      await deployProcesses(e, model, CALLEE);
      const loop = e.createProcessInstance({
        bpmnProcessId: model.id,
        variables: { i: 0, limit: 1e9 },
      }).processInstanceKey;
      const turns = (engine: Engine) =>
        ([...engine.listVariables(loop)].find((v) => v.name === 'i')?.value as number) ?? 0;
      // two element instances a turn: past 2.5 times LIVE_HISTORY_KEPT turns, the history was trimmed more than once
      await pollFor('the loop to run long', () => turns(e) > 2.5 * LIVE_HISTORY_KEPT, 20_000);
      await e.snapshotsWritten();
      await e.durable();
      const before = stateView(e);
      expect([...e.listElementInstances(loop)].length).toBeLessThanOrEqual(2 * LIVE_HISTORY_KEPT);

      e = await open(every);
      expect(stateView(e)).toEqual(before);
      const atOpen = turns(e);
      await pollFor('the loop to go on', () => turns(e) > atOpen + LIVE_HISTORY_KEPT, 20_000);
      e.cancelProcessInstance(loop);
      await e.snapshotsWritten();
      await e.durable();
      const cancelled = stateView(e);
      e = await open(every);
      expect(stateView(e)).toEqual(cancelled);
    },
  );

  test('a journal from before slices: each command is replayed to its end, and a loop it ended on goes on', async () => {
    // what the engine wrote before slices: no 'slices' mark, every command ran to its end before the next
    // record, and the last record started a loop that engine never got past
    const { journal } = JournalFile.open<JournalRecord>(join(restart.dir, 'journal.log'));
    const resources = [COUNTING_LOOP, THROW_LOOP].map((p) => ({ name: `${p.id}.bpmn`, content: bpmnXml(p) }));
    journal.append({ t: 1, c: 'deploy', resources });
    const counting = { bpmnProcessId: COUNTING_LOOP.id, variables: { i: 0, limit: 600 } }; // ~2,400 steps
    journal.append({ t: 2, c: 'create', cmd: counting });
    journal.append({ t: 3, c: 'create', cmd: { bpmnProcessId: THROW_LOOP.id, variables: {} } });
    journal.close();

    const e = await open(0);
    const instances = [...e.listProcessInstances()];
    const countingInstance = instances.find((p) => p.bpmnProcessId === COUNTING_LOOP.id);
    const loop = instances.find((p) => p.bpmnProcessId === THROW_LOOP.id);
    if (!countingInstance || !loop) throw new Error(`both instances replayed, got ${JSON.stringify(instances)}`);
    // the counting instance ended before the loop was created, as it did when the journal was written
    expect(countingInstance.state).toBe('COMPLETED');
    const countingKeys = [...e.listElementInstances(countingInstance.processInstanceKey)].map((i) => BigInt(i.key));
    expect(countingKeys.every((key) => key < BigInt(loop.processInstanceKey))).toBe(true);
    expect(loop.state).toBe('ACTIVE');
    const atOpen = countOf(e, loop.processInstanceKey);
    await pollFor('the loop to go on', () => countOf(e, loop.processInstanceKey) > atOpen);

    // what this engine writes from now on is marked as run in slices
    e.cancelProcessInstance(loop.processInstanceKey);
    await e.durable();
    const written = JournalFile.open<JournalRecord>(join(restart.dir, 'journal.log'));
    written.journal.close();
    expect(written.records.slice(3).map((r) => r.c)).toEqual(expect.arrayContaining(['slices', 'continue', 'cancel']));
    expect(written.records[3]).toMatchObject({ c: 'slices', steps: STEPS_PER_SLICE });
  });

  test('below the free disk minimum the loop pauses and journals nothing; with room again it goes on', async () => {
    const MIN = 100 * 1024 * 1024;
    let free = 2 * MIN;
    const e = await restart.reopen({
      snapshotEvery: 0,
      diskFreeMin: MIN,
      diskCheck: { intervalMs: 10, freeBytes: () => free },
    });
    await deployProcesses(e, THROW_LOOP);
    const loop = e.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} }).processInstanceKey;
    free = MIN - 1;
    await pollFor('the engine refusing commands', () => e.haltedBecause());
    await turn(); // (a slice scheduled before the monitor looked is refused now)
    await e.durable();
    const journal = () => statSync(join(restart.dir, 'journal.log')).size;
    const [bytes, count] = [journal(), countOf(e, loop)];
    await new Promise((resolve) => setTimeout(resolve, 50)); // the monitor looks again, turns go by
    await e.durable();
    expect(journal()).toBe(bytes);
    expect(countOf(e, loop)).toBe(count);

    free = 2 * MIN;
    await pollFor('the loop going on', () => countOf(e, loop) > count);
  });

  test("a snapshot taken right after a cancel, with the loop's last steps still pending, restores the same state", async () => {
    let e = await open(0);
    await deployProcesses(e, THROW_LOOP);
    const loop = e.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} }).processInstanceKey;
    await turn();
    e.cancelProcessInstance(loop); // the step that would activate the next element is still queued
    expect(e.snapshot()).toBe(true);
    const [file] = readdirSync(restart.dir).filter((f) => /^snapshot-\d+\.json$/.test(f));
    const state = JSON.parse(readFileSync(join(restart.dir, file), 'utf8').split('\n').slice(1).join('\n'));
    expect(state.pending?.flat().length).toBeGreaterThan(0);
    const cancelled = stateView(e);
    e = await open(0);
    expect(stateView(e)).toEqual(cancelled);
    for (let i = 0; i < 3; i++) await turn(); // (the stale step runs, and does nothing)
    expect(stateView(e)).toEqual(cancelled);
  });

  test('a snapshot taken while a loop runs holds its steps still to run', async () => {
    const e = await open(0);
    await deployProcesses(e, THROW_LOOP);
    e.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} });
    await turn();
    expect(e.snapshot()).toBe(true);
    const [file] = readdirSync(restart.dir).filter((f) => /^snapshot-\d+\.json$/.test(f));
    const state = JSON.parse(readFileSync(join(restart.dir, file), 'utf8').split('\n').slice(1).join('\n'));
    expect(state.pending).toEqual([[expect.objectContaining({})]]);
    expect(Object.keys(state.pending[0][0])).toEqual([expect.stringMatching(/^(activate|complete)$/)]);
  });
});
