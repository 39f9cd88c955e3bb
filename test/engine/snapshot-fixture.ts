/**
 * The state the snapshot tests build: models covering every kind of runtime state a snapshot must hold
 * (waiting instances, timers, jobs in every state, incidents, messages, call activities, multi-instance,
 * event sub-processes), the engine's query views to compare, and the same commands to run on two engines.
 */
import pino from 'pino';
import { createEngine, type Engine } from '../../src/engine/engine';
import { restoreSnapshot } from '../../src/engine/state/engine-restore';
import { captureSnapshot } from '../../src/engine/state/engine-snapshot';
import { bpmnXml, serviceTask } from '../support/bpmn';

export const silent = pino({ level: 'silent' });

/** A logger whose lines the test can read. */
export function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** One turn of the event loop: where a due snapshot is taken. */
export const turn = () => new Promise((resolve) => setImmediate(resolve));
export const T0 = Date.parse('2026-03-01T08:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const message = (name: string, key = '= orderId') =>
  `<bpmn:message id="msg-${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}"/></bpmn:extensionElements></bpmn:message>`;
const timer = (kind: string, value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const multi = (attrs: string, extra: string, condition = '') =>
  `<bpmn:multiInstanceLoopCharacteristics ${attrs}><bpmn:extensionElements><zeebe:loopCharacteristics ${extra}/></bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics>`;
const failing = '= assert(ok, ok = true)';

export const resources = [
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

export const jobTypes = [
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
export async function buildVariedState(e: Engine) {
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

const byKey = <T>(items: T[], key: (item: T) => string) =>
  [...items].sort((a, b) => key(a).length - key(b).length || key(a).localeCompare(key(b)));

/**
 * The state with the three lists a restart from history segments may reorder put in key order: variable
 * scopes, taken flows and finished jobs come back with the archived trees' first (history-archive.ts).
 */
export function canonicalSnapshot(e: Engine): string {
  const state = captureSnapshot(e.runtime);
  return JSON.stringify({
    ...state,
    variables: byKey(state.variables, ([scope]) => scope),
    takenFlows: byKey(state.takenFlows, ([key]) => key),
    finishedJobs: byKey(state.finishedJobs, (j) => j.key),
  });
}

/** views() with variables and jobs in key order (see canonicalSnapshot). */
export function canonicalViews(e: Engine) {
  const v = views(e);
  return { ...v, variables: byKey(v.variables, (x) => x.key), jobs: byKey(v.jobs, (j) => j.key) };
}

/** Everything the engine answers about its state. */
export function views(e: Engine) {
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
export function continueWith(e: Engine): unknown[] {
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

export async function restoredCopy(original: Engine): Promise<Engine> {
  const copy = createEngine({ logger: silent });
  copy.runtime.due.suspended = true;
  await restoreSnapshot(copy.runtime, JSON.parse(JSON.stringify(captureSnapshot(original.runtime))));
  copy.runtime.due.suspended = false;
  copy.runtime.due.rearm();
  return copy;
}
