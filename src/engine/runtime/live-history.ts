/**
 * How much of its element history a running process instance keeps. A token loop with no wait state runs
 * for ever (step-slices.ts) and goes through hundreds of thousands of element instances a second: kept
 * all, they fill the memory within seconds. Zeebe keeps no ended element instance in its state at all
 * (Operate shows them from the exported records); this engine keeps them for its queries, and for a live
 * instance trims the plain ones once its history is long: of the entries older than the newest
 * LIVE_HISTORY_KEPT, the ended none events, gateways, undefined and manual tasks and embedded sub-processes
 * with no variables, no incident and no compensation of their own are dropped (nothing refers to those; the
 * pending steps of a loop only to live ones), and so are ended call activities with the instance they
 * called, when that instance owned no job, incident or user task and called nothing itself. Elements that
 * hold more (jobs, user tasks, events with a definition) are always kept.
 *
 * When: whenever the history reaches a multiple of LIVE_HISTORY_KEPT from twice that on, a function of the
 * history alone, so a replay or a restored snapshot trims at the same points as the engine did.
 */
import type { FlowElement } from '../model/process-model';
import type { ElementInstance, ProcessInstance } from './element-instance';
import type { Runtime } from './runtime';

/** Newest element history entries of a running process instance always kept (see above). */
export const LIVE_HISTORY_KEPT = 10_000;

/** what an ended element instance of these kinds holds is all in the instance itself (no job, no called instance) */
const PLAIN_KINDS = new Set([
  'intermediateThrowEvent',
  'startEvent',
  'endEvent',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'task',
  'manualTask',
  'subProcess',
]);

/** Compensation records name the instances they compensate: an element that may leave one is kept. */
const compensable = (element: FlowElement): boolean =>
  element.compensationHandler !== undefined || element.children.some(compensable);

/** After an entry was added to `process`'s history: trims it, if it is due (see above). */
export function trimLiveHistory(rt: Runtime, process: ProcessInstance, kept = LIVE_HISTORY_KEPT) {
  const length = process.history.length;
  if (length < 2 * kept || length % kept !== 0) return;
  const withIncident = new Set<string>();
  for (const { view } of rt.incidents.all())
    if (view.processInstanceKey === process.key) withIncident.add(view.elementInstanceKey);
  const root = rt.history.rootOf(process.key);
  const calls = forgettableCalls(rt, process, root);
  const forgotten = new Set<string>();
  const droppable = (i: ElementInstance) => {
    if (i.state !== 'COMPLETED' && i.state !== 'TERMINATED') return false;
    if (i === process.root || compensable(i.element) || i.element.taskDefinition) return false;
    if (rt.variables.local(i.key) || withIncident.has(i.key)) return false;
    if (i.element.kind === 'callActivity') return calls.has(i.key);
    return PLAIN_KINDS.has(i.element.kind) && i.element.eventDefinition.kind === 'none';
  };
  const older = length - kept;
  const trimmed: ElementInstance[] = [];
  for (let n = 0; n < length; n++) {
    const entry = process.history[n];
    if (n < older && droppable(entry)) {
      rt.elementInstances.delete(entry.key);
      const called = calls.get(entry.key);
      if (called) forgotten.add(called.key);
    } else trimmed.push(entry);
  }
  process.history = trimmed;
  rt.history.forgetCalled(root, forgotten);
}

/**
 * The ended instances `process`'s call activities called that can go with them, by call activity: nothing
 * in the tree is theirs but their own element instances and variables.
 */
function forgettableCalls(rt: Runtime, process: ProcessInstance, root: string): Map<string, ProcessInstance> {
  const tree = rt.history.treeOf(root);
  const calls = new Map<string, ProcessInstance>();
  if (tree.processes.length === 1) return calls;
  const holding = new Set<string>(); // process instances that own a job, incident or user task, or called one
  for (const key of tree.jobs) {
    const job = rt.jobs.get(key);
    if (job) holding.add(job.instance.processInstanceKey);
  }
  for (const key of tree.incidents) {
    const incident = rt.incidents.get(key);
    if (incident) holding.add(incident.view.processInstanceKey);
  }
  for (const key of tree.userTasks) {
    const task = rt.userTasks.get(key);
    if (task) holding.add(task.processInstanceKey);
  }
  const called: ProcessInstance[] = [];
  for (const key of tree.processes) {
    const instance = rt.processInstances.get(key);
    if (!instance?.callActivity) continue;
    holding.add(instance.callActivity.processInstanceKey);
    if (instance.callActivity.processInstanceKey === process.key) called.push(instance);
  }
  for (const instance of called) {
    const ended = instance.root.state === 'COMPLETED' || instance.root.state === 'TERMINATED';
    if (ended && !holding.has(instance.key)) calls.set((instance.callActivity as ElementInstance).key, instance);
  }
  return calls;
}
