/**
 * How much of its element history a running process instance keeps. A token loop with no wait state runs
 * for ever (step-slices.ts) and goes through hundreds of thousands of element instances a second: kept
 * all, they fill the memory within seconds. Zeebe keeps no ended element instance in its state at all
 * (Operate shows them from the exported records); this engine keeps them for its queries, and for a live
 * instance trims the plain ones once its history is long: of the entries older than the newest
 * LIVE_HISTORY_KEPT, the ended none events, gateways, undefined and manual tasks and embedded sub-processes
 * with no variables, no incident and no compensation of their own are dropped (nothing refers to those; the
 * pending steps of a loop only to live ones). Elements that hold more (jobs, user tasks, called instances,
 * events with a definition) are always kept.
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
  for (const { view } of rt.incidents.incidents.values())
    if (view.processInstanceKey === process.key) withIncident.add(view.elementInstanceKey);
  const older = length - kept;
  const plain = (i: ElementInstance) =>
    (i.state === 'COMPLETED' || i.state === 'TERMINATED') &&
    i !== process.root &&
    PLAIN_KINDS.has(i.element.kind) &&
    i.element.eventDefinition.kind === 'none' &&
    !i.element.taskDefinition &&
    !compensable(i.element) &&
    !rt.variables.scopes.has(i.key) &&
    !withIncident.has(i.key);
  const trimmed: ElementInstance[] = [];
  for (let n = 0; n < length; n++) {
    const entry = process.history[n];
    if (n < older && plain(entry)) rt.elementInstances.delete(entry.key);
    else trimmed.push(entry);
  }
  process.history = trimmed;
}
