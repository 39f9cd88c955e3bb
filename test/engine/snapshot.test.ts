/**
 * Engine snapshots (issue 7): a snapshot holds the whole engine state and restores it exactly — the
 * restored engine answers every query as the original does and, given the same commands afterwards,
 * behaves identically. On disk: restart from a snapshot plus the journal after it, a crash between the
 * snapshot and the journal rotation, corrupt snapshots falling back, and a bounded directory.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine, type Engine, openEngine } from '../../src/engine/engine';
import { restoreSnapshot } from '../../src/engine/journal/engine-restore';
import { captureSnapshot } from '../../src/engine/journal/engine-snapshot';
import { JournalFile } from '../../src/engine/journal/journal-file';
import { snapshotEveryFromEnv } from '../../src/engine/journal/persistence';
import { writeSnapshotFile } from '../../src/engine/journal/snapshot-file';
import { bpmnXml, serviceTask } from '../support/bpmn';

const silent = pino({ level: 'silent' });
const T0 = Date.parse('2026-03-01T08:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const message = (name: string, key = '= orderId') =>
  `<bpmn:message id="msg-${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}"/></bpmn:extensionElements></bpmn:message>`;
const timer = (kind: string, value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const multi = (attrs: string, extra: string, condition = '') =>
  `<bpmn:multiInstanceLoopCharacteristics ${attrs}><bpmn:extensionElements><zeebe:loopCharacteristics ${extra}/></bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics>`;
const failing = '= assert(ok, ok = true)';

const resources = [
  {
    name: 'order.bpmn',
    content: bpmnXml({
      id: 'order',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('pay')}
        <bpmn:boundaryEvent id="pay-reminder" attachedToRef="pay" cancelActivity="false">${timer('timeCycle', 'R3/PT20M')}</bpmn:boundaryEvent>
        ${serviceTask('remind')}<bpmn:endEvent id="reminded"/>
        <bpmn:intermediateCatchEvent id="confirmed"><bpmn:messageEventDefinition messageRef="msg-confirmed"/></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="cool-off">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>
        ${serviceTask('ship', 'ship', '<zeebe:ioMapping><zeebe:output source="= shipped" target="shippedFlag"/><zeebe:output source="= assert(label, label != null)" target="label"/></zeebe:ioMapping>')}
        <bpmn:endEvent id="end"/>
        <bpmn:subProcess id="cancellation" triggeredByEvent="true">
          <bpmn:startEvent id="cancel-received"><bpmn:messageEventDefinition messageRef="msg-cancel"/></bpmn:startEvent>
          <bpmn:endEvent id="cancelled"/><bpmn:sequenceFlow id="c1" sourceRef="cancel-received" targetRef="cancelled"/>
        </bpmn:subProcess>
        <bpmn:subProcess id="nudge" triggeredByEvent="true">
          <bpmn:startEvent id="nudge-at" isInterrupting="false">${timer('timeCycle', 'R/PT45M')}</bpmn:startEvent>
          ${serviceTask('nudge-customer')}<bpmn:sequenceFlow id="n1" sourceRef="nudge-at" targetRef="nudge-customer"/>
        </bpmn:subProcess>`,
      flows: ['start -> pay -> confirmed -> cool-off -> ship -> end', 'pay-reminder -> remind -> reminded'],
      definitions: message('confirmed') + message('cancel'),
    }),
  },
  {
    name: 'family.bpmn',
    content: bpmnXml(
      {
        id: 'parent',
        elements: `<bpmn:startEvent id="ps"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child"/></bpmn:extensionElements></bpmn:callActivity>
          <bpmn:endEvent id="pe"/>`,
        flows: ['ps -> call -> pe'],
      },
      {
        id: 'child',
        elements: `<bpmn:startEvent id="cs"/>${serviceTask('child-work')}<bpmn:endEvent id="ce"/>`,
        flows: ['cs -> child-work -> ce'],
      },
    ),
  },
  {
    name: 'loops.bpmn',
    content: bpmnXml(
      {
        id: 'mi-parallel',
        elements: `<bpmn:startEvent id="s1"/><bpmn:serviceTask id="per-item"><bpmn:extensionElements><zeebe:taskDefinition type="per-item"/></bpmn:extensionElements>${multi('', 'inputCollection="= items" inputElement="item" outputCollection="results" outputElement="= result"')}</bpmn:serviceTask><bpmn:endEvent id="e1"/>`,
        flows: ['s1 -> per-item -> e1'],
      },
      {
        id: 'mi-sequential',
        elements: `<bpmn:startEvent id="s2"/><bpmn:receiveTask id="each" messageRef="msg-item">${multi('isSequential="true"', 'inputCollection="= items" inputElement="orderId"', `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${failing}</bpmn:completionCondition>`)}</bpmn:receiveTask><bpmn:endEvent id="e2"/>`,
        flows: ['s2 -> each -> e2'],
        definitions: message('item'),
      },
    ),
  },
  {
    name: 'starts.bpmn',
    content: bpmnXml(
      {
        id: 'hourly',
        elements: `<bpmn:startEvent id="tick">${timer('timeCycle', 'R5/PT2H')}</bpmn:startEvent>${serviceTask('hourly-work')}<bpmn:endEvent id="e3"/>`,
        flows: ['tick -> hourly-work -> e3'],
      },
      {
        id: 'by-message',
        elements: `<bpmn:startEvent id="got"><bpmn:messageEventDefinition messageRef="msg-start"/></bpmn:startEvent><bpmn:intermediateCatchEvent id="go"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent>
          <bpmn:exclusiveGateway id="route"/><bpmn:endEvent id="big"/><bpmn:endEvent id="small"/>`,
        flows: ['got -> go -> route', 'route -> big [= amount > 100]', 'route -> small [= amount <= 100]'],
        definitions: `${message('start')}<bpmn:signal id="sig" name="go"/>`,
      },
      {
        id: 'mapped',
        elements: `<bpmn:startEvent id="s4"/>${serviceTask('mapped-work', 'mapped-work', `<zeebe:ioMapping><zeebe:input source="${failing}" target="checked"/></zeebe:ioMapping>`)}<bpmn:endEvent id="e4"/>`,
        flows: ['s4 -> mapped-work -> e4'],
      },
      {
        id: 'out-mapped',
        elements: `<bpmn:startEvent id="s5"/>${serviceTask('out-work', 'out-work', `<zeebe:ioMapping><zeebe:output source="${failing}" target="checked"/></zeebe:ioMapping>`)}<bpmn:endEvent id="e5"/>`,
        flows: ['s5 -> out-work -> e5'],
      },
    ),
  },
];

const jobTypes = [
  'pay',
  'remind',
  'ship',
  'nudge-customer',
  'child-work',
  'per-item',
  'hourly-work',
  'mapped-work',
  'out-work',
];

/** Builds state of every kind: waiting instances, timers, jobs in every state, incidents, buffered messages, ... */
async function buildVariedState(e: Engine) {
  e.clock.pin(T0);
  await e.deploy(resources);
  const create = (bpmnProcessId: string, variables: Record<string, unknown> = {}) =>
    e.createProcessInstance({ bpmnProcessId, variables }).processInstanceKey;
  const orders = ['A', 'B', 'C', 'D', 'E'].map((orderId) => create('order', { orderId }));
  create('order', {}); // no orderId: its event sub-process cannot subscribe, an incident stops the root's activation
  const activated = e.activateJobs({ type: 'pay', worker: 'w1', timeout: 30 * MINUTE, maxJobsToActivate: 4 });
  e.completeJob(activated[0].key, { paid: true }); // A waits at the message catch
  e.failJob(activated[1].key, 2, 'card declined', 2 * HOUR); // B waits out a back-off
  e.failJob(activated[2].key, 0, 'card stolen', 0); // C: incident, no retries
  e.throwError(activated[3].key, 'UNKNOWN', 'nobody catches this'); // D: incident, uncaught error
  // E's pay job stays activatable; A..E all have the reminder boundary timer and the nudge cycle
  e.publishMessage({
    name: 'confirmed',
    correlationKey: 'LATER',
    timeToLive: HOUR,
    messageId: 'm-1',
    variables: { note: 'early' },
  });
  e.publishMessage({ name: 'confirmed', correlationKey: 'LATER', timeToLive: 3 * HOUR, variables: { note: 'second' } });
  e.publishMessage({ name: 'start', correlationKey: 'S-1', timeToLive: HOUR, variables: { amount: 250 } });
  create('parent');
  create('mi-parallel', { items: [1, 2, 3] });
  const [first] = e.activateJobs({ type: 'per-item', worker: 'w2', timeout: 5 * MINUTE, maxJobsToActivate: 1 });
  e.completeJob(first.key, { result: 'one' });
  create('mi-sequential', { items: ['I1', 'I2'] });
  e.publishMessage({ name: 'item', correlationKey: 'I1', timeToLive: 0, variables: { ok: false } }); // completion condition fails: incident
  create('mapped', { ok: false }); // input mapping fails: incident while activating
  create('out-mapped');
  const [outJob] = e.activateJobs({ type: 'out-work', worker: 'w1', timeout: MINUTE, maxJobsToActivate: 1 });
  e.completeJob(outJob.key, { ok: false }); // output mapping fails: incident while completing
  e.activateJobs({ type: 'child-work', worker: 'w1', timeout: 2 * HOUR, maxJobsToActivate: 1 }); // stays activated
  e.clock.advance(25 * MINUTE); // the first reminders fire
  e.activateJobs({ type: 'remind', worker: 'w1', timeout: HOUR, maxJobsToActivate: 2 });
  return { orders };
}

/** Everything the engine answers about its state. */
function views(e: Engine) {
  const instances = [...e.listProcessInstances()];
  return {
    instances,
    elements: [...e.listElementInstances()],
    variables: [...e.listVariables()],
    jobs: [...e.listJobs()],
    incidents: [...e.listIncidents()],
    definitions: [...e.listProcessDefinitions()],
    flows: instances.map((i) => e.takenSequenceFlows(i.processInstanceKey)),
    now: e.clock.now(),
  };
}

/** The same commands for both engines; returns what each command answered (or its error). */
function continueWith(e: Engine): unknown[] {
  const out: unknown[] = [];
  const run = (f: () => unknown) => {
    try {
      out.push(f());
    } catch (err) {
      out.push(`error: ${(err as Error).message}`);
    }
  };
  run(() => e.correlateMessage('confirmed', 'A', { confirmedAt: 'now' }));
  run(() => e.broadcastSignal('go', { from: 'signal' }));
  for (let round = 0; round < 6; round++) {
    e.clock.advance(40 * MINUTE); // deadlines, back-offs, cycles, message TTLs and timer starts fall due
    for (const type of jobTypes) {
      for (const job of e.activateJobs({ type, worker: 'w3', timeout: 10 * MINUTE, maxJobsToActivate: 10 })) {
        out.push(job);
        run(() =>
          e.completeJob(job.key, {
            result: `r${round}`,
            shipped: true,
            label: type === 'ship' && round > 2 ? 'L' : null,
          }),
        );
      }
    }
    run(() =>
      e.publishMessage({
        name: 'confirmed',
        correlationKey: ['B', 'E', 'LATER'][round % 3],
        timeToLive: 30 * MINUTE,
        messageId: `m-${round % 2}`,
      }),
    );
    run(() => e.publishMessage({ name: 'item', correlationKey: 'I2', timeToLive: 0, variables: { ok: true } }));
  }
  for (const incident of [...e.listIncidents()].filter((i) => i.state === 'ACTIVE')) {
    if (incident.jobKey) run(() => e.updateJobRetries(incident.jobKey as string, 1));
    run(() => e.setVariables(incident.processInstanceKey, { ok: true, orderId: 'late', label: 'fixed' }, false));
    run(() => e.resolveIncident(incident.key));
  }
  for (const type of jobTypes) {
    for (const job of e.activateJobs({ type, worker: 'w4', timeout: MINUTE, maxJobsToActivate: 10 })) {
      out.push(job);
      run(() => e.completeJob(job.key, { label: 'done', shipped: true }));
    }
  }
  run(() => e.publishMessage({ name: 'cancel', correlationKey: 'E', timeToLive: 0 }));
  e.clock.advance(3 * HOUR);
  out.push(views(e));
  return out;
}

async function restoredCopy(original: Engine): Promise<Engine> {
  const copy = createEngine({ logger: silent });
  copy.runtime.due.suspended = true;
  await restoreSnapshot(copy.runtime, JSON.parse(JSON.stringify(captureSnapshot(original.runtime))));
  copy.runtime.due.suspended = false;
  copy.runtime.due.rearm();
  return copy;
}

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

    // a field added to the runtime's objects must be added to the snapshot (engine-snapshot.ts) too
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
    expect(unknownFields(original.runtime.jobs.jobs.values(), snapshotted.job)).toEqual([]);

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

describe('engine snapshots on disk', () => {
  let dir: string;
  const open = (snapshotEvery: number, logger = silent, dataDir = dir) =>
    openEngine({ dataDir, logger, snapshotEvery });
  /** The directory as a kill -9 leaves it: a copy of what is on disk now, while the engine still runs. */
  const crashImage = () => {
    const copy = `${dir}-crashed`;
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  const files = () => readdirSync(dir).sort();
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-snapshot-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-crashed`, { recursive: true, force: true });
  });

  /** A logger whose lines the test can read. */
  function recordingLogger() {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    return { logger, lines };
  }

  test('periodic snapshots rotate the journal; a restart restores the snapshot and replays only what followed', async () => {
    const e = await open(10);
    await buildVariedState(e);
    await turn();
    await e.durable();
    expect(files().filter((f) => f.startsWith('snapshot-')).length).toBeGreaterThan(0);
    e.createProcessInstance({ bpmnProcessId: 'order', variables: { orderId: 'after-snapshot' } });
    await e.durable();
    const before = views(e);
    const { logger, lines } = recordingLogger();
    const reopened = await open(10, logger, crashImage()); // no close, so no final snapshot
    const restored = lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored?.snapshot).toMatch(/^snapshot-\d+\.json$/);
    expect(restored?.records).toBeLessThan(10);
    expect(views(reopened)).toEqual(before);
    expect(continueWith(reopened)).toEqual(continueWith(e));
    reopened.close();
    e.close();
  });

  test('a crash between writing the snapshot and rotating the journal recovers: the records before it are skipped', async () => {
    const e = await open(0); // snapshots off: this test places the snapshot itself
    await buildVariedState(e);
    await e.durable();
    const position = JournalFile.open(join(dir, 'journal.log')).records.length;
    writeSnapshotFile(dir, position, JSON.stringify(captureSnapshot(e.runtime)));
    // the engine went on appending to the old segment (no rotation happened)
    const later = e.createProcessInstance({ bpmnProcessId: 'parent', variables: {} }).processInstanceKey;
    e.clock.advance(MINUTE);
    await e.durable();
    const before = views(e);
    e.close();
    expect(files()).toEqual(['journal.log', `snapshot-${position}.json`]);

    const { logger, lines } = recordingLogger();
    const reopened = await open(10, logger);
    const restored = lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored).toMatchObject({ snapshot: `snapshot-${position}.json`, records: 2 });
    expect(views(reopened)).toEqual(before);
    expect(reopened.getProcessInstance(later)?.state).toBe('ACTIVE');
    reopened.close();
  });

  test('a corrupt or cut-short snapshot is ignored: the previous one is used, else a full replay', async () => {
    const e = await open(8);
    await buildVariedState(e);
    for (let i = 0; i < 20; i++) {
      e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } });
      await turn();
    }
    await e.durable();
    const before = views(e);
    const snapshots = () =>
      files()
        .filter((f) => f.startsWith('snapshot-'))
        .sort((x, y) => Number(x.match(/\d+/)?.[0]) - Number(y.match(/\d+/)?.[0]));
    expect(snapshots()).toHaveLength(2);
    const [older, newest] = snapshots();
    const crashed = crashImage(); // as a crash leaves it: no closing snapshot
    e.close();
    const bytes = readFileSync(join(crashed, newest));
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(join(crashed, newest), bytes);

    let log = recordingLogger();
    const reopened = await open(0, log.logger, crashed);
    expect(log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal')?.snapshot).toBe(older);
    expect(log.lines.some((l) => String(l.msg).includes(`${newest} fails its checksum`))).toBe(true);
    expect(views(reopened)).toEqual(before);
    reopened.close();

    // the older one cut short as well, and the journal from position 0 is gone: nothing usable is an error
    writeFileSync(join(crashed, older), readFileSync(join(crashed, older)).subarray(0, 200));
    log = recordingLogger();
    await expect(open(0, log.logger, crashed)).rejects.toThrow(/no usable snapshot .*is cut short/);
  });

  test('with one snapshot the journal from position 0 stays, so a corrupt snapshot falls back to a full replay', async () => {
    const e = await open(0);
    await buildVariedState(e);
    await e.durable();
    const before = views(e);
    e.close();
    const first = await open(1_000_000);
    expect(first.snapshot()).toBe(true); // the one snapshot, at the current position
    first.close();
    const [snapshot] = files().filter((f) => f.startsWith('snapshot-'));
    writeFileSync(join(dir, snapshot), 'garbage');
    const log = recordingLogger();
    const reopened = await open(0, log.logger);
    const restored = log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored?.snapshot).toBeUndefined();
    expect(views(reopened)).toEqual(before);
    reopened.close();
  });

  test('the data directory stays bounded across many snapshots', async () => {
    const every = 25;
    const e = await open(every);
    e.clock.pin(T0);
    await e.deploy(resources);
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      const key = e.createProcessInstance({ bpmnProcessId: 'child', variables: { i } }).processInstanceKey;
      const [job] = e.activateJobs({ type: 'child-work', worker: 'w', timeout: MINUTE, maxJobsToActivate: 1 });
      e.completeJob(job.key, {});
      expect(e.getProcessInstance(key)?.state).toBe('COMPLETED');
      await turn(); // a gap between commands, where a due snapshot is taken
      if (i % 50 === 49) {
        await e.durable();
        const names = files();
        expect(names.filter((f) => f.startsWith('snapshot-')).length).toBeLessThanOrEqual(2);
        expect(names.filter((f) => f.startsWith('journal')).length).toBeLessThanOrEqual(3);
        const records = names
          .filter((f) => f.startsWith('journal'))
          .reduce((n, f) => n + JournalFile.open(join(dir, f)).records.length, 0);
        expect(records).toBeLessThanOrEqual(3 * every);
        sizes.push(names.filter((f) => f.startsWith('journal')).reduce((n, f) => n + statSync(join(dir, f)).size, 0));
      }
    }
    // the journal on disk does not grow with the history (the snapshots hold it)
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(2 * Math.max(...sizes.slice(0, 2)));
    const before = views(e);
    e.close();
    const reopened = await open(every);
    expect(views(reopened)).toEqual(before);
    reopened.close();
  });

  test('state a snapshot cannot describe is refused (logged), and the journal keeps everything', async () => {
    const log = recordingLogger();
    const e = await open(5, log.logger);
    await buildVariedState(e);
    // something on the due queue that no part of the snapshot knows how to rebuild
    e.runtime.due.schedule(T0 + 10 * HOUR, () => {});
    expect(e.snapshot()).toBe(false);
    const failure = log.lines.find(
      (l) => l.msg === 'engine snapshot failed; the journal keeps every record, so nothing is lost',
    );
    expect((failure?.err as { message?: string })?.message).toMatch(
      /the due queue holds \d+ entries, but only \d+ are described/,
    );
    await e.durable();
    const before = views(e);
    const crashed = crashImage();
    const reopened = await open(0, silent, crashed);
    expect(views(reopened)).toEqual(before);
    reopened.close();
    e.close();
  });

  test('ENGINE_SNAPSHOT_EVERY: default 10,000, 0 turns snapshots off, anything else is a clear error', () => {
    expect(snapshotEveryFromEnv({})).toBe(10_000);
    expect(snapshotEveryFromEnv({ ENGINE_SNAPSHOT_EVERY: '0' })).toBe(0);
    expect(snapshotEveryFromEnv({ ENGINE_SNAPSHOT_EVERY: '500' })).toBe(500);
    expect(() => snapshotEveryFromEnv({ ENGINE_SNAPSHOT_EVERY: 'often' })).toThrow(
      "ENGINE_SNAPSHOT_EVERY must be a whole number of journal records (0 turns snapshots off), but was 'often'",
    );
    expect(() => snapshotEveryFromEnv({ ENGINE_SNAPSHOT_EVERY: '-1' })).toThrow(/ENGINE_SNAPSHOT_EVERY/);
  });
});
