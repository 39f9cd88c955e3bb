/**
 * Captures the whole engine state as a SnapshotState (snapshot-state.ts), between two commands, or all of it
 * but the ended trees history segments hold already (`leaveOut`, history-archive.ts); and one ended tree as a
 * segment's entry (captureRootHistory). It refuses (throws NotSnapshottableError, and the engine keeps its
 * journal) rather than write a snapshot that would restore differently: every live due-queue entry and every
 * active incident's retry must be accounted for, and no element may be in the middle of a termination.
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import type { FlowElement } from '../model/process-model';
import type { CompensableRecord, ElementInstance, ProcessInstance } from '../runtime/element-instance';
import type { Incident } from '../runtime/incidents';
import type { FinishedState, Job } from '../runtime/jobs';
import type { Runtime } from '../runtime/runtime';
import type { StoredVariable } from '../runtime/variables';
import {
  type CompensableState,
  type DueState,
  type ElementInstanceState,
  type ElementRef,
  type IncidentState,
  type JobSnapshot,
  type ProcessInstanceState,
  type RootHistoryState,
  SNAPSHOT_VERSION,
  type SnapshotState,
} from './snapshot-state';

export class NotSnapshottableError extends Error {}

export function elementRef(definition: ProcessDefinition, element: FlowElement): ElementRef {
  const visible = definition.model.elements.get(element.id);
  if (visible === element) return element.id;
  if (visible?.kind === 'multiInstanceBody' && visible.children[0] === element) return `${element.id}[inner]`;
  throw new NotSnapshottableError(`element '${element.id}' is not part of process definition '${definition.key}'`);
}

/** What a capture leaves out: the process instances of archived trees, and how much they hold (checked). */
export interface LeftOut {
  has(processInstanceKey: string): boolean;
  counts: ArchivedCounts;
}

export interface ArchivedCounts {
  elementInstances: number;
  finishedJobs: number;
  incidents: number;
  userTasks: number;
}

export function captureSnapshot(rt: Runtime, leaveOut?: LeftOut): SnapshotState {
  const kept = (processInstanceKey: string) => !leaveOut?.has(processInstanceKey);
  const due: (DueState & { seq: number })[] = [];
  const keep = (entry: DueEntry | undefined, state: DueState) => {
    if (entry && !entry.cancelled && entry.seq >= 0) due.push({ ...state, seq: entry.seq });
  };

  const elementInstances: ElementInstanceState[] = [];
  for (const i of rt.elementInstances.values()) {
    if (!kept(i.processInstanceKey)) continue;
    const process = rt.processInstances.get(i.processInstanceKey);
    if (process?.definition !== i.definition)
      throw new NotSnapshottableError(`element instance '${i.key}' does not run on its process instance's definition`);
    if (i.afterTermination)
      throw new NotSnapshottableError(`element instance '${i.key}' (${i.element.id}) is being terminated`);
    elementInstances.push(elementInstanceState(i));
    for (const entry of i.timers ?? []) {
      const timer = rt.timers.armed.get(entry);
      if (!timer || timer.owner !== i)
        throw new NotSnapshottableError(`a timer of element instance '${i.key}' is not described`);
      keep(entry, {
        what: 'timer',
        due: entry.due,
        owner: i.key,
        event: elementRef(i.definition, timer.event),
        cycle: timer.cycle,
      });
    }
  }

  const processInstances = [...rt.processInstances.values()].filter((p) => kept(p.key)).map(processInstanceState);

  const jobs = rt.jobs;
  for (const job of jobs.jobs.values()) {
    if (job.state === 'ACTIVATED') keep(job.timer, { what: 'jobDeadline', due: job.timer?.due ?? 0, job: job.key });
    if (job.state === 'BACKOFF') keep(job.timer, { what: 'jobBackOff', due: job.timer?.due ?? 0, job: job.key });
  }

  const messages = rt.messages;
  for (const list of messages.buffered.values()) {
    for (const m of list) keep(m.expiry, { what: 'messageTtl', due: m.deadline, message: m.key });
  }

  for (const [, entries] of rt.startEvents.timers) {
    for (const entry of entries) {
      const timer = rt.startEvents.armed.get(entry);
      if (!timer) throw new NotSnapshottableError('a timer start event is not described');
      keep(entry, {
        what: 'startTimer',
        due: entry.due,
        definition: timer.definition.key,
        event: elementRef(timer.definition, timer.event),
        cycle: timer.cycle,
      });
    }
  }

  if (due.length !== rt.due.live) {
    throw new NotSnapshottableError(`the due queue holds ${rt.due.live} entries, but only ${due.length} are described`);
  }
  due.sort((a, b) => a.seq - b.seq);

  const d = rt.deployments;
  const state: SnapshotState = {
    version: SNAPSHOT_VERSION,
    nextKey: rt.keys.position,
    clock: rt.clock.state(),
    endSequence: rt.lifecycle.endSequence,
    definitions: [...d.byKey.values()].map((def) => ({
      key: def.key,
      bpmnProcessId: def.bpmnProcessId,
      version: def.version,
      resourceName: def.resourceName,
      xml: def.xml,
      deploymentKey: def.deploymentKey,
      tenantId: def.tenantId,
      deleted: def.deleted,
    })),
    versions: [...d.versions].map(([id, list]) => [id, list.map((def) => def.key)]),
    versionCounters: [...d.versionCounters],
    elementInstances,
    processInstances,
    variables: [...rt.variables.scopes]
      .filter(([scope]) => {
        const owner = rt.elementInstances.get(scope);
        return !owner || kept(owner.processInstanceKey);
      })
      .map(variablesState),
    takenFlows: [...rt.lifecycle.takenFlows].filter(([processInstanceKey]) => kept(processInstanceKey)),
    jobs: [...jobs.jobs.values()].map(jobSnapshot),
    finishedJobs: [...jobs.finished.values()]
      .filter(({ job }) => kept(job.instance.processInstanceKey))
      .map(finishedJobState),
    activatable: [...jobs.activatable.keys()].map((type) => [type, [...(jobs.inKeyOrder(type) ?? [])]]),
    newestActivatable: [...jobs.newestActivatable],
    incidents: [...rt.incidents.incidents.values()].filter((i) => kept(i.view.processInstanceKey)).map(incidentState),
    userTasks: rt.userTasks.snapshot((t) => kept(t.processInstanceKey)),
    users: rt.users.snapshot(),
    messages: {
      nextSubscriptionId: messages.nextSubscriptionId,
      subscriptions: [...messages.subscriptions].map(([slot, subs]) => [
        slot,
        subs.map((s) => ({
          id: s.id,
          name: s.name,
          correlationKey: s.correlationKey,
          owner: s.owner.key,
          event: elementRef(s.owner.definition, s.event),
          open: s.open,
        })),
      ]),
      buffered: [...messages.buffered].map(([slot, list]) => [
        slot,
        list.map((m) => ({
          key: m.key,
          name: m.name,
          correlationKey: m.correlationKey,
          variables: m.variables,
          deadline: m.deadline,
          messageId: m.messageId,
          instances: [...m.instances],
          processes: [...m.processes],
        })),
      ]),
      byMessageId: [...messages.byMessageId].map(([slot, m]) => [slot, m.key]),
      startEvents: [...messages.startEvents].map(([name, list]) => [
        name,
        list.map((s) => ({ definition: s.definition.key, event: elementRef(s.definition, s.event) })),
      ]),
      activeStartKeys: [...messages.activeStartKeys].map(([id, keys]) => [id, [...keys]]),
    },
    signals: {
      subscriptions: [...rt.signals.subscriptions].map(([name, subs]) => [
        name,
        subs.map((s) => ({ owner: s.owner.key, event: elementRef(s.owner.definition, s.event), open: s.open })),
      ]),
      startEvents: [...rt.signals.startEvents].map(([name, list]) => [
        name,
        list.map((s) => ({ definition: s.definition.key, event: elementRef(s.definition, s.event) })),
      ]),
    },
    due: due.map(({ seq: _seq, ...entry }) => entry),
    pending: pendingState(rt),
    stepsPerSlice: rt.steps.stepsPerSlice,
  };
  if (leaveOut) checkLeftOut(rt, state, leaveOut.counts);
  return state;
}

/** The steps of long-running commands still to run, as data (a step that is not described refuses the capture). */
function pendingState(rt: Runtime): SnapshotState['pending'] {
  const queues = rt.steps.pendingQueues();
  if (queues.length === 0) return undefined;
  return queues.map((queue) =>
    queue.map((step) => {
      if (!step.state) throw new NotSnapshottableError('a pending step of a long-running command is not described');
      return step.state;
    }),
  );
}

/** The archived trees must be exactly what the capture left out, or a restore would lose or double something. */
function checkLeftOut(rt: Runtime, state: SnapshotState, archived: ArchivedCounts) {
  const leftOut: ArchivedCounts = {
    elementInstances: rt.elementInstances.size - state.elementInstances.length,
    finishedJobs: rt.jobs.finished.size - state.finishedJobs.length,
    incidents: rt.incidents.incidents.size - state.incidents.length,
    userTasks: rt.userTasks.tasks.size - (state.userTasks?.length ?? 0),
  };
  for (const kind of Object.keys(leftOut) as (keyof ArchivedCounts)[]) {
    if (leftOut[kind] !== archived[kind])
      throw new NotSnapshottableError(
        `history segments hold ${archived[kind]} ${kind}, the capture left out ${leftOut[kind]}`,
      );
  }
}

/**
 * One ended root instance's tree, as a history segment holds it. Called only for a tree that has ended
 * (HistoryRetention.hasEnded): nothing changes it afterwards, so the entry stays true until it is evicted.
 */
export function captureRootHistory(rt: Runtime, root: string): RootHistoryState {
  const tree = rt.history.treeOf(root);
  const entry: RootHistoryState = {
    root,
    processInstances: [],
    elementInstances: [],
    variables: [],
    takenFlows: [],
    finishedJobs: [],
    incidents: [],
    userTasks: [],
  };
  for (const key of tree.processes) {
    const process = rt.processInstances.get(key);
    if (!process) throw new NotSnapshottableError(`process instance '${key}' of ended tree '${root}' is missing`);
    entry.processInstances.push(processInstanceState(process));
    for (const i of process.history.includes(process.root) ? process.history : [process.root, ...process.history]) {
      if (i.timers?.length || i.afterTermination)
        throw new NotSnapshottableError(`element instance '${i.key}' of ended tree '${root}' is still waiting`);
      entry.elementInstances.push(elementInstanceState(i));
      const vars = rt.variables.scopes.get(i.key);
      if (vars) entry.variables.push(variablesState([i.key, vars]));
    }
    const flows = rt.lifecycle.takenFlows.get(key);
    if (flows) entry.takenFlows.push([key, flows]);
  }
  for (const key of tree.jobs) {
    const finished = rt.jobs.finished.get(key);
    if (finished) entry.finishedJobs.push(finishedJobState(finished));
  }
  for (const key of tree.incidents) {
    const incident = rt.incidents.incidents.get(key);
    if (incident) entry.incidents.push(incidentState(incident));
  }
  for (const key of tree.userTasks) {
    const task = rt.userTasks.tasks.get(key);
    if (task) entry.userTasks.push(structuredClone(task));
  }
  return entry;
}

function processInstanceState(p: ProcessInstance): ProcessInstanceState {
  return {
    key: p.key,
    definition: p.definition.key,
    history: p.history.map((h) => h.key),
    messageCorrelationKey: p.messageCorrelationKey,
    startDate: p.startDate,
    endDate: p.endDate,
    callActivity: p.callActivity?.key,
    pendingStart: p.pendingStart && {
      element: elementRef(p.definition, p.pendingStart.element),
      payload: p.pendingStart.payload,
    },
  };
}

function variablesState([scope, vars]: [string, Map<string, StoredVariable>]): SnapshotState['variables'][number] {
  return [scope, [...vars].map(([name, v]) => (v.value === undefined ? [name, v.key] : [name, v.key, v.value]))];
}

function finishedJobState({ job, state }: { job: Job; state: FinishedState }): SnapshotState['finishedJobs'][number] {
  return { ...jobSnapshot(job), finished: state };
}

function compensableState(definition: ProcessDefinition, r: CompensableRecord): CompensableState {
  return {
    element: elementRef(definition, r.element),
    instanceKey: r.instanceKey,
    nested: r.nested.map((n) => compensableState(definition, n)),
  };
}

function elementInstanceState(i: ElementInstance): ElementInstanceState {
  return {
    key: i.key,
    element: elementRef(i.definition, i.element),
    processInstanceKey: i.processInstanceKey,
    parent: i.parent?.key,
    state: i.state,
    startDate: i.startDate,
    endDate: i.endDate,
    endSequence: i.endSequence,
    children: i.children.length > 0 ? i.children.map((c) => c.key) : undefined,
    joins: i.joins && [...i.joins].map(([gateway, tokens]) => [gateway, [...tokens]]),
    jobKey: i.jobKey,
    incidentKey: i.incidentKey,
    compensable: i.compensable?.map((r) => compensableState(i.definition, r)),
    pendingHandlers: i.pendingHandlers,
    compensationThrow: i.compensationThrow?.key,
    chosenFlows: i.chosenFlows?.map((f) => f.id),
    forwardPayload: i.forwardPayload,
    loop: i.loop,
    loopLocals: i.loopLocals,
    calledInstanceKey: i.calledInstanceKey,
    payload: i.payload,
  };
}

function jobSnapshot(job: Job): JobSnapshot {
  return {
    key: job.key,
    type: job.type,
    state: job.state,
    retries: job.retries,
    elementInstance: job.instance.key,
    customHeaders: job.customHeaders === job.instance.element.taskHeaders ? undefined : job.customHeaders,
    worker: job.worker,
    deadline: job.deadline,
    errorMessage: job.errorMessage,
  };
}

function incidentState(incident: Incident): IncidentState {
  return {
    view: { ...incident.view },
    elementInstance: incident.instance.key,
    // the incident's retry data is RetryState by kind; a resolved one retries nothing
    retry: incident.view.state === 'ACTIVE' ? (incident.retry?.retry ?? 'none') : 'none',
    innerInstance: incident.retry?.retry === 'innerCompleted' ? incident.retry.inner.key : undefined,
  };
}
