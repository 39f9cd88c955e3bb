/**
 * The due queue holds its work as data (src/engine/runtime/due-tasks.ts): every pending entry is a tagged
 * record naming its owner, a snapshot writes exactly those records in scheduling order, and a restored engine
 * holds the same records in the same order (src/engine/state/due-state.ts).
 */
import { createEngine } from '../../../src/engine/engine';
import { captureSnapshot } from '../../../src/engine/state/engine-snapshot';
import { buildVariedState, restoredCopy, silent } from '../snapshot-fixture';

describe('due-queue entries as tagged records', () => {
  test('every pending entry is a record a snapshot writes as it is, in scheduling order, and a restore schedules again', async () => {
    const e = createEngine({ logger: silent });
    await buildVariedState(e);
    const pending = e.runtime.due.pending();
    expect(new Set(pending.map((entry) => entry.task.what))).toEqual(
      new Set(['timer', 'startTimer', 'jobDeadline', 'jobBackOff', 'messageTtl']),
    );
    // data, not closures
    for (const { task } of pending) expect(Object.values(task).filter((v) => typeof v === 'function')).toEqual([]);
    const state = captureSnapshot(e.runtime);
    expect(state.due.map((d) => [d.what, d.due])).toEqual(pending.map((entry) => [entry.task.what, entry.due]));

    const copy = await restoredCopy(e);
    const restored = copy.runtime.due.pending();
    expect(restored.map((entry) => [entry.task.what, entry.due])).toEqual(
      pending.map((entry) => [entry.task.what, entry.due]),
    );
    expect(captureSnapshot(copy.runtime).due).toEqual(state.due);
    e.close();
    copy.close();
  });

  test('a task of no known kind is not written: the capture is refused', async () => {
    const e = createEngine({ logger: silent });
    await buildVariedState(e);
    e.runtime.due.schedule(e.clock.now() + 60_000, { what: 'unknown' } as never);
    expect(() => captureSnapshot(e.runtime)).toThrow(/the due queue holds \d+ entries, but only \d+ are described/);
    e.close();
  });
});
