/**
 * Engine snapshots (issue 7): a snapshot holds the whole engine state and restores it exactly — the
 * restored engine answers every query as the original does and, given the same commands afterwards,
 * behaves identically (state built by snapshot-fixture.ts).
 */
import { createEngine } from '../../src/engine/engine';
import { captureSnapshot } from '../../src/engine/state/engine-snapshot';
import { buildVariedState, continueWith, restoredCopy, silent, views } from './snapshot-fixture';

describe('engine snapshots: exact round trip', () => {
  test('a restored engine answers as the original and, given the same commands, behaves identically', async () => {
    const original = createEngine({ logger: silent });
    await buildVariedState(original);
    const before = views(original);
    // the state really is varied: every kind this test is about is present
    expect(before.incidents.map((i) => `${i.elementId}:${i.errorType}`).sort()).toEqual([
      'each:EXTRACT_VALUE_ERROR', // a multi-instance completion condition failed
      'mapped-work:EXTRACT_VALUE_ERROR', // an input mapping failed (while activating)
      'order:EXTRACT_VALUE_ERROR', // an event sub-process could not subscribe (the root's activation)
      'out-work:EXTRACT_VALUE_ERROR', // an output mapping failed (while completing)
      'pay:JOB_NO_RETRIES',
      'pay:UNHANDLED_ERROR_EVENT',
    ]);
    expect(new Set(before.jobs.map((j) => j.state))).toEqual(new Set(['ACTIVATED', 'FAILED', 'CREATED', 'COMPLETED']));
    const state = captureSnapshot(original.runtime);
    expect(state.incidents.map((i) => i.retry).sort()).toEqual([
      'activate',
      'activate',
      'complete',
      'innerCompleted',
      'job',
      'job',
    ]);
    expect(state.due.map((d) => d.what).sort()).toEqual(
      expect.arrayContaining(['jobBackOff', 'jobDeadline', 'messageTtl', 'startTimer', 'timer']),
    );
    expect(state.messages.buffered.flatMap(([, list]) => list)).toHaveLength(3);
    expect(state.processInstances.some((p) => p.callActivity)).toBe(true);

    // a field added to the runtime's objects must be added to the snapshot (src/engine/state/) too
    const snapshotted = {
      elementInstance:
        'key element definition processInstanceKey parent state startDate endDate endSequence children joins jobKey incidentKey timers messageSubscriptions afterTermination compensable pendingHandlers compensationThrow chosenFlows forwardPayload loop loopLocals calledInstanceKey payload',
      processInstance: 'key definition root history messageCorrelationKey startDate endDate callActivity pendingStart',
      job: 'key type state retries instance customHeaders worker deadline errorMessage timer',
    };
    const unknownFields = (objects: Iterable<object>, known: string) =>
      [...new Set([...objects].flatMap((o) => Object.keys(o)))].filter((k) => !known.split(' ').includes(k));
    expect(unknownFields(original.runtime.elementInstances.values(), snapshotted.elementInstance)).toEqual([]);
    expect(unknownFields(original.runtime.processInstances.values(), snapshotted.processInstance)).toEqual([]);
    expect(unknownFields(original.runtime.jobs.live(), snapshotted.job)).toEqual([]);

    const copy = await restoredCopy(original);
    expect(views(copy)).toEqual(before);
    // a snapshot of the copy is the same snapshot
    expect(JSON.stringify(captureSnapshot(copy.runtime))).toBe(JSON.stringify(state));

    const a = continueWith(original);
    const b = continueWith(copy);
    expect(b).toEqual(a);
    expect(JSON.stringify(captureSnapshot(copy.runtime))).toBe(JSON.stringify(captureSnapshot(original.runtime)));
    // and the continuation did reach the restored waits: messages, timers, incidents all moved on
    const finalViews = a[a.length - 1] as ReturnType<typeof views>;
    expect(finalViews.instances.filter((i) => i.state === 'COMPLETED').length).toBeGreaterThan(8);
    original.close();
    copy.close();
  });
});
