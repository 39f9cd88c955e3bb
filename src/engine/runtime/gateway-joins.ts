/**
 * Tokens arriving at a joining gateway (a parallel one with several incoming flows, or an inclusive join): each
 * waits in its scope's `joins`, counted per incoming flow, until the gateway may activate (parallel: a token on
 * every incoming flow; inclusive: see inclusive-join.ts); it then consumes one token per flow and activates.
 */
import type { FlowElement, SequenceFlow } from '../model/process-model';
import type { ElementInstance } from './element-instance';
import { inclusiveJoinReady } from './inclusive-join';
import type { Runtime } from './runtime';

/** A parallel join activates once every incoming flow has a token (an inclusive one: see inclusive-join.ts); extra tokens wait for the next round. */
export function arriveAtJoin(rt: Runtime, flow: SequenceFlow, scope: ElementInstance) {
  scope.joins ??= new Map();
  let tokens = scope.joins.get(flow.target.id);
  if (!tokens) {
    tokens = new Map();
    scope.joins.set(flow.target.id, tokens);
  }
  tokens.set(flow.id, (tokens.get(flow.id) ?? 0) + 1);
  const ready =
    flow.target.kind === 'inclusiveGateway'
      ? inclusiveJoinReady(scope, flow.target)
      : flow.target.incoming.every((f) => (tokens.get(f.id) ?? 0) > 0);
  if (ready) passJoin(rt, scope, flow.target);
}

/** A token moved or ended in `scope`: an inclusive join waiting there may no longer have to wait. */
export function recheckInclusiveJoins(rt: Runtime, scope: ElementInstance) {
  for (const gatewayId of [...(scope.joins?.keys() ?? [])]) {
    const gateway = scope.definition.model.elements.get(gatewayId);
    if (gateway?.kind === 'inclusiveGateway' && inclusiveJoinReady(scope, gateway)) passJoin(rt, scope, gateway);
  }
}

/** Consumes one token per incoming flow that has one and activates the joining gateway. */
function passJoin(rt: Runtime, scope: ElementInstance, gateway: FlowElement) {
  const tokens = scope.joins?.get(gateway.id);
  if (!tokens) return;
  for (const f of gateway.incoming) {
    const n = (tokens.get(f.id) ?? 0) - 1;
    if (n <= 0) tokens.delete(f.id);
    else tokens.set(f.id, n);
  }
  if (tokens.size === 0) scope.joins?.delete(gateway.id);
  rt.lifecycle.activateChild(scope, gateway);
}
