/**
 * Rebuilds the engine state from a SnapshotState (snapshot-state.ts) into a fresh, empty engine: the
 * definitions' models are parsed again from their XML, references are resolved by key and element id,
 * and every closure the snapshot describes is made again by the code that made it originally (timers via
 * TimerService/StartEvents.restore, job deadlines and back-offs via JobService, message TTLs via
 * MessageService; an incident's retry is data, rebuilt from its RetryState). Runs with the due queue suspended.
 */
import { type ProcessDefinition, parseProcesses } from '../deployments';
import type { FlowElement, SequenceFlow } from '../model/process-model';
import type { CompensableRecord, ElementInstance, ProcessInstance } from '../runtime/element-instance';
import type { Incident } from '../runtime/incidents';
import type { Job } from '../runtime/jobs';
import type { Message, Subscription as MessageSubscription } from '../runtime/messages';
import { describedStep, type Step, type StepState } from '../runtime/pending-steps';
import type { Runtime } from '../runtime/runtime';
import type { Subscription as SignalSubscription } from '../runtime/signals';
import type { CompensableState, ElementRef, JobSnapshot, SnapshotState } from './snapshot-state';
import { SNAPSHOT_VERSION } from './snapshot-state';

export async function restoreSnapshot(rt: Runtime, s: SnapshotState) {
  if (s.version !== SNAPSHOT_VERSION && s.version !== 1)
    throw new Error(`snapshot version ${s.version} is not supported (expected ${SNAPSHOT_VERSION} or 1)`);
  if (s.archive) throw new Error('snapshot: its history segments must be added first (HistoryArchive.restore)');
  if (rt.processInstances.size > 0 || rt.deployments.byKey.size > 0)
    throw new Error('a snapshot can only be restored into an empty engine');
  rt.keys.position = s.nextKey;
  rt.clock.restore(s.clock);
  rt.lifecycle.endSequence = s.endSequence;
  rt.userTasks.restore(s.userTasks ?? []);
  rt.users.restore(s.users ?? []);

  // ---- deployments ----
  const d = rt.deployments;
  for (const def of s.definitions) {
    const model = (await parseProcesses(def.resourceName, def.xml)).find((m) => m.bpmnProcessId === def.bpmnProcessId);
    if (!model)
      throw new Error(
        `snapshot: definition '${def.key}' names process '${def.bpmnProcessId}', which its XML does not contain`,
      );
    d.byKey.set(def.key, { ...def, model });
  }
  const definition = (key: string): ProcessDefinition => required(d.byKey.get(key), 'process definition', key);
  for (const [id, keys] of s.versions) d.versions.set(id, keys.map(definition));
  for (const [id, n] of s.versionCounters) d.versionCounters.set(id, n);
  const element = (def: ProcessDefinition, ref: ElementRef): FlowElement => resolveElement(def, ref);

  // ---- element and process instances ----
  const definitionOfInstance = new Map(s.processInstances.map((p) => [p.key, definition(p.definition)]));
  const eis = new Map<string, ElementInstance>();
  for (const e of s.elementInstances) {
    const def = required(definitionOfInstance.get(e.processInstanceKey), 'process instance', e.processInstanceKey);
    // the shape Lifecycle.newInstance gives a live one (same fields, same order), then what is set
    const instance: ElementInstance = {
      key: e.key,
      element: element(def, e.element),
      definition: def,
      processInstanceKey: e.processInstanceKey,
      parent: undefined,
      state: e.state,
      startDate: e.startDate,
      children: [],
    };
    if (e.endDate !== undefined) instance.endDate = e.endDate;
    if (e.endSequence !== undefined) instance.endSequence = e.endSequence;
    if (e.jobKey !== undefined) instance.jobKey = e.jobKey;
    if (e.incidentKey !== undefined) instance.incidentKey = e.incidentKey;
    if (e.pendingHandlers !== undefined) instance.pendingHandlers = e.pendingHandlers;
    if (e.forwardPayload !== undefined) instance.forwardPayload = e.forwardPayload;
    if (e.loop !== undefined) instance.loop = e.loop;
    if (e.loopLocals !== undefined) instance.loopLocals = e.loopLocals;
    if (e.calledInstanceKey !== undefined) instance.calledInstanceKey = e.calledInstanceKey;
    if (e.payload !== undefined) instance.payload = e.payload;
    eis.set(e.key, instance);
    rt.elementInstances.set(e.key, instance);
  }
  const ei = (key: string) => required(eis.get(key), 'element instance', key);
  for (const e of s.elementInstances) {
    const instance = ei(e.key);
    if (e.parent) instance.parent = ei(e.parent);
    if (e.children) instance.children = e.children.map(ei);
    if (e.joins) instance.joins = new Map(e.joins.map(([gateway, tokens]) => [gateway, new Map(tokens)]));
    const compensable = (c: CompensableState): CompensableRecord => ({
      element: element(instance.definition, c.element),
      instanceKey: c.instanceKey,
      nested: c.nested.map(compensable),
    });
    if (e.compensable) instance.compensable = e.compensable.map(compensable);
    if (e.compensationThrow) instance.compensationThrow = ei(e.compensationThrow);
    if (e.chosenFlows)
      instance.chosenFlows = e.chosenFlows.map((id) =>
        required(
          instance.element.outgoing.find((f: SequenceFlow) => f.id === id),
          'sequence flow',
          id,
        ),
      );
  }
  const pis = new Map<string, ProcessInstance>();
  for (const p of s.processInstances) {
    const def = definition(p.definition);
    const instance: ProcessInstance = {
      key: p.key,
      definition: def,
      root: ei(p.key),
      history: p.history.map(ei),
      startDate: p.startDate,
    };
    if (p.messageCorrelationKey !== undefined) instance.messageCorrelationKey = p.messageCorrelationKey;
    if (p.endDate !== undefined) instance.endDate = p.endDate;
    if (p.callActivity) instance.callActivity = ei(p.callActivity);
    if (p.pendingStart)
      instance.pendingStart = { element: element(def, p.pendingStart.element), payload: p.pendingStart.payload };
    pis.set(p.key, instance);
    rt.processInstances.set(p.key, instance);
  }
  for (const [scope, vars] of s.variables) {
    rt.variables.scopes.set(scope, new Map(vars.map(([name, key, value]) => [name, { key, value }])));
  }
  for (const [pi, flows] of s.takenFlows) rt.lifecycle.takenFlows.set(pi, flows);

  // ---- jobs ----
  const job = (j: JobSnapshot): Job => {
    const instance = ei(j.elementInstance);
    const restored: Job = {
      key: j.key,
      type: j.type,
      state: j.state,
      retries: j.retries,
      instance,
      customHeaders: j.customHeaders ?? instance.element.taskHeaders,
    };
    if (j.worker !== undefined) restored.worker = j.worker;
    if (j.deadline !== undefined) restored.deadline = j.deadline;
    if (j.errorMessage !== undefined) restored.errorMessage = j.errorMessage;
    return restored;
  };
  const jobs = rt.jobs;
  for (const j of s.jobs) jobs.jobs.set(j.key, job(j));
  for (const j of s.finishedJobs) jobs.finished.set(j.key, { job: job(j), state: j.finished });
  for (const [type, keys] of s.activatable) jobs.activatable.set(type, new Set(keys));
  for (const [type, key] of s.newestActivatable) jobs.newestActivatable.set(type, key);

  // ---- incidents ----
  for (const i of s.incidents) {
    const instance = ei(i.elementInstance);
    const incident: Incident = { view: { ...i.view }, instance, retry: undefined };
    // RetryState is the retry data's kind (a resolved incident's inner instance is kept, as it was written)
    if (i.innerInstance) incident.retry = { retry: 'innerCompleted', inner: ei(i.innerInstance) };
    else if (i.retry === 'job') incident.retry = { retry: 'job', jobKey: i.view.jobKey as string };
    else if (i.retry !== 'none' && i.retry !== 'innerCompleted') incident.retry = { retry: i.retry };
    rt.incidents.incidents.set(i.view.key, incident);
  }
  rt.incidents.reindex();

  // ---- messages and signals ----
  const m = s.messages;
  const messages = rt.messages;
  messages.nextSubscriptionId = m.nextSubscriptionId;
  const ownedSubscriptions: MessageSubscription[] = [];
  for (const [slot, subs] of m.subscriptions) {
    const list = subs.map((sub): MessageSubscription => {
      const owner = ei(sub.owner);
      return {
        id: sub.id,
        name: sub.name,
        correlationKey: sub.correlationKey,
        owner,
        event: element(owner.definition, sub.event),
        open: sub.open,
      };
    });
    messages.subscriptions.set(slot, list);
    ownedSubscriptions.push(...list);
  }
  for (const sub of ownedSubscriptions.sort((a, b) => a.id - b.id)) {
    sub.owner.messageSubscriptions ??= [];
    sub.owner.messageSubscriptions.push(sub);
  }
  const bufferedByKey = new Map<string, Message>();
  for (const [slot, list] of m.buffered) {
    messages.buffered.set(
      slot,
      list.map((b) => {
        const message: Message = {
          key: b.key,
          name: b.name,
          correlationKey: b.correlationKey,
          variables: b.variables,
          deadline: b.deadline,
          messageId: b.messageId,
          instances: new Set(b.instances),
          processes: new Set(b.processes),
        };
        bufferedByKey.set(b.key, message);
        return message;
      }),
    );
  }
  for (const [slot, key] of m.byMessageId)
    messages.byMessageId.set(slot, required(bufferedByKey.get(key), 'buffered message', key));
  for (const [name, list] of m.startEvents) {
    messages.startEvents.set(
      name,
      list.map((x) => ({ definition: definition(x.definition), event: element(definition(x.definition), x.event) })),
    );
  }
  for (const [id, keys] of m.activeStartKeys) messages.activeStartKeys.set(id, new Set(keys));

  const signals = rt.signals;
  for (const [name, subs] of s.signals.subscriptions) {
    const list = subs.map((sub): SignalSubscription => {
      const owner = ei(sub.owner);
      return { name, owner, event: element(owner.definition, sub.event), open: sub.open };
    });
    signals.subscriptions.set(name, list);
    for (const sub of list) signals.owned.set(sub.owner, [...(signals.owned.get(sub.owner) ?? []), sub]);
  }
  for (const [name, list] of s.signals.startEvents) {
    signals.startEvents.set(
      name,
      list.map((x) => ({ definition: definition(x.definition), event: element(definition(x.definition), x.event) })),
    );
  }

  // ---- the due queue, in the original scheduling order ----
  for (const entry of s.due) {
    switch (entry.what) {
      case 'timer': {
        const owner = ei(entry.owner);
        rt.timers.restore({ owner, event: element(owner.definition, entry.event), cycle: entry.cycle }, entry.due);
        break;
      }
      case 'startTimer': {
        const def = definition(entry.definition);
        rt.startEvents.restore({ definition: def, event: element(def, entry.event), cycle: entry.cycle }, entry.due);
        break;
      }
      case 'jobDeadline': {
        const j = required(jobs.jobs.get(entry.job), 'job', entry.job);
        j.timer = rt.due.schedule(entry.due, () => jobs.timedOut(j));
        break;
      }
      case 'jobBackOff': {
        const j = required(jobs.jobs.get(entry.job), 'job', entry.job);
        j.timer = rt.due.schedule(entry.due, () => jobs.makeActivatable(j));
        break;
      }
      case 'messageTtl':
        messages.scheduleExpiry(required(bufferedByKey.get(entry.message), 'buffered message', entry.message));
        break;
    }
  }

  // ---- what history retention indexes (derived, not stored) ----
  rt.history.rebuild();

  // ---- a long-running command's steps still to run (step-slices.ts), in their turn order ----
  rt.steps.stepsPerSlice = s.stepsPerSlice;
  if (s.pending) rt.steps.restorePending(s.pending.map((queue) => queue.map((step) => pendingStep(rt, step, eis))));
}

/**
 * A step as Lifecycle.activateChild/complete wrote it. Its element instance may be gone (forgotten when it was
 * terminated before it activated, or evicted with its ended tree): the step did nothing then, and does nothing
 * now, but still counts in its slice, as it did.
 */
function pendingStep(rt: Runtime, state: StepState, instances: Map<string, ElementInstance>): Step {
  const instance = instances.get('activate' in state ? state.activate : state.complete);
  if (!instance) return describedStep(() => {}, state);
  if ('activate' in state) return describedStep(() => rt.lifecycle.activate(instance), state);
  return describedStep(() => rt.lifecycle.completeNow(instance), state);
}

function resolveElement(def: ProcessDefinition, ref: ElementRef): FlowElement {
  const inner = ref.endsWith('[inner]');
  const id = inner ? ref.slice(0, -'[inner]'.length) : ref;
  const visible = def.model.elements.get(id);
  const found = inner ? (visible?.kind === 'multiInstanceBody' ? visible.children[0] : undefined) : visible;
  return required(found, `element of process '${def.bpmnProcessId}' (definition ${def.key})`, ref);
}

function required<T>(value: T | undefined, what: string, key: string): T {
  if (value === undefined) throw new Error(`snapshot refers to ${what} '${key}', which it does not contain`);
  return value;
}
