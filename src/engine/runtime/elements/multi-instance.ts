/**
 * Multi-instance activities (Zeebe's multi-instance body): the body evaluates inputCollection and runs
 * the activity once per item — all at once (parallel) or one after another (sequential) — giving each
 * inner instance the local variables inputElement and loopCounter. Each completion fills its slot of
 * outputCollection from outputElement and may end the loop early through completionCondition. Boundary
 * events belong to the body; the body's counters are its local variables numberOfInstances,
 * numberOfActiveInstances, numberOfCompletedInstances and numberOfTerminatedInstances.
 */
import { unexpectedResultType } from '../../feel';
import type { ElementInstance } from '../element-instance';
import { IncidentError } from '../incidents';
import { feelContext, variableValue } from '../mappings';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';

export const multiInstanceBody: ElementBehavior = {
  onActivated(rt, body) {
    const mi = body.element.multiInstance;
    if (!mi) return rt.lifecycle.complete(body);
    const items = mi.inputCollection.evaluate((name) => rt.variables.lookup(body, name), feelContext(rt, body));
    if (!Array.isArray(items)) {
      throw new IncidentError('EXTRACT_VALUE_ERROR', unexpectedResultType(mi.inputCollection, 'ARRAY', items));
    }
    const n = items.length;
    body.loop = { items, next: 0 };
    const counters = {
      numberOfInstances: n,
      numberOfActiveInstances: 0,
      numberOfCompletedInstances: 0,
      numberOfTerminatedInstances: 0,
    };
    rt.variables.setLocals(body.key, counters);
    if (mi.outputCollection) rt.variables.setLocal(body.key, mi.outputCollection, new Array(n).fill(null));
    if (n === 0) return rt.lifecycle.complete(body);
    const first = mi.sequential ? 1 : n;
    for (let i = 0; i < first; i++) startNext(rt, body);
  },
  onCompleting(rt, body) {
    const collection = body.element.multiInstance?.outputCollection;
    if (collection && body.parent) {
      rt.variables.propagate(body.parent, { [collection]: rt.variables.local(body.key)?.get(collection)?.value ?? [] });
    }
  },
  onChildCompleted: innerInstanceCompleted,
};

function startNext(rt: Runtime, body: ElementInstance) {
  const loop = body.loop as NonNullable<ElementInstance['loop']>;
  const index = loop.next++;
  const mi = body.element.multiInstance;
  const inner = rt.lifecycle.activateChild(body, body.element.children[0]);
  inner.loopLocals = { loopCounter: index + 1 };
  if (mi?.inputElement) inner.loopLocals[mi.inputElement] = variableValue(loop.items[index]);
  bump(rt, body, 'numberOfActiveInstances', 1);
}

/**
 * An inner instance completed (it takes no sequence flow of its own): its slot of the output collection,
 * the completion condition, then the next inner instance or the body's completion.
 */
function innerInstanceCompleted(rt: Runtime, body: ElementInstance, inner: ElementInstance) {
  const mi = body.element.multiInstance;
  if (!mi || !body.loop) return;
  bump(rt, body, 'numberOfActiveInstances', -1);
  bump(rt, body, 'numberOfCompletedInstances', 1);
  const lookup = (name: string) => rt.variables.lookup(inner, name);
  if (mi.outputCollection && mi.outputElement) {
    const slot = Number(rt.variables.local(inner.key)?.get('loopCounter')?.value) - 1;
    const current = rt.variables.local(body.key)?.get(mi.outputCollection)?.value;
    const collection = Array.isArray(current) ? [...current] : [];
    collection[slot] = variableValue(mi.outputElement.evaluate(lookup, feelContext(rt, inner)));
    rt.variables.setLocal(body.key, mi.outputCollection, collection);
  }
  if (mi.completionCondition?.evaluate(lookup, feelContext(rt, inner)) === true) {
    rt.lifecycle.terminateChildren(body, () => rt.lifecycle.complete(body));
    return;
  }
  if (mi.sequential && body.loop.next < body.loop.items.length) startNext(rt, body);
  else rt.lifecycle.completeScopeIfDone(body);
}

function bump(rt: Runtime, body: ElementInstance, counter: string, by: number) {
  const value = Number(rt.variables.local(body.key)?.get(counter)?.value ?? 0);
  rt.variables.setLocal(body.key, counter, value + by);
}
