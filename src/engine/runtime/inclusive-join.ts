/**
 * The converging inclusive gateway as Zeebe 8.6+ documents it: it activates once every incoming flow has
 * been taken, or once no active element of its scope (nor a token waiting at another join) can still
 * reach one of the incoming flows that has not been taken. Reachability is computed per gateway on
 * first use from the model (sequence flows, plus activity → its boundary events) and cached.
 */
import type { FlowElement, SequenceFlow } from '../model/process-model';
import type { ElementInstance } from './element-instance';

/** per joining gateway: for each incoming flow, the ids of the elements from which that flow can be taken */
const reachCache = new WeakMap<FlowElement, Map<string, Set<string>>>();

export function isInclusiveJoin(element: FlowElement) {
  return element.kind === 'inclusiveGateway' && element.incoming.length > 1;
}

/** True when the tokens waiting at `gateway` in `scope` may merge now. */
export function inclusiveJoinReady(scope: ElementInstance, gateway: FlowElement): boolean {
  const tokens = scope.joins?.get(gateway.id);
  if (!tokens || tokens.size === 0) return false;
  const reach = reachOf(gateway);
  for (const flow of gateway.incoming) {
    if ((tokens.get(flow.id) ?? 0) > 0) continue;
    const from = reach.get(flow.id) as Set<string>;
    if (scope.children.some((child) => from.has(child.element.id))) return false;
    for (const [waitingAt, waiting] of scope.joins ?? []) {
      if (waitingAt !== gateway.id && waiting.size > 0 && from.has(waitingAt)) return false;
    }
  }
  return true;
}

function reachOf(gateway: FlowElement): Map<string, Set<string>> {
  let reach = reachCache.get(gateway);
  if (reach) return reach;
  reach = new Map();
  for (const flow of gateway.incoming) reach.set(flow.id, predecessors(flow, gateway));
  reachCache.set(gateway, reach);
  return reach;
}

/** Every element of the gateway's scope with a path to `flow` that does not pass through the gateway. */
function predecessors(flow: SequenceFlow, gateway: FlowElement): Set<string> {
  const found = new Set<string>();
  const pending = [flow.source];
  while (pending.length > 0) {
    const element = pending.pop() as FlowElement;
    if (element === gateway || found.has(element.id)) continue;
    found.add(element.id);
    for (const incoming of element.incoming) pending.push(incoming.source);
    // a boundary event's path starts at the activity it is attached to
    if (element.attachedTo) pending.push(element.attachedTo);
  }
  return found;
}
