/**
 * The output collection of an ad-hoc sub-process (Zeebe 8.8, both implementations): `zeebe:adHoc
 * outputCollection` names a list created empty on activation, `outputElement` is evaluated in each inner path's
 * context as the path ends and appended to it; completion propagates the list to the parent scope. An
 * `outputElement` that is a plain variable is created as null on each activated element, so every path reports
 * its own value (or null).
 */

import type { ElementInstance } from './element-instance';
import { failureOf } from './incidents';
import { variableValue } from './mappings';
import type { Runtime } from './runtime';

/** On activation: the empty collection, local to the sub-process. */
export function createOutputCollection(rt: Runtime, scope: ElementInstance) {
  const name = scope.element.adHoc?.outputCollection;
  if (name) rt.variables.setLocal(scope.key, name, []);
}

/** An element activated in the sub-process: its own null output variable. */
export function prepareOutputElement(rt: Runtime, scope: ElementInstance, child: ElementInstance) {
  const variable = scope.element.adHoc?.outputVariable;
  if (variable) rt.variables.setLocal(child.key, variable, null);
}

/**
 * A path ended at `last`: its output element joins the collection. Returns false when that failed: an
 * incident on the sub-process, in Zeebe's words where it has them, and the path counts as not ended.
 */
export function collectOutput(rt: Runtime, scope: ElementInstance, last: ElementInstance): boolean {
  const adHoc = scope.element.adHoc;
  if (!adHoc?.outputCollection || !adHoc.outputElement) return true;
  try {
    const value = variableValue(rt.evaluate(adHoc.outputElement, last));
    const current = rt.variables.local(scope.key)?.get(adHoc.outputCollection)?.value;
    if (!Array.isArray(current)) {
      const found =
        current === null || current === undefined ? 'NIL' : typeof current === 'object' ? 'MAP' : typeof current;
      rt.incidents.raise(
        {
          errorType: 'EXTRACT_VALUE_ERROR',
          message: `The output collection has the wrong type. Expected ARRAY but was ${found.toUpperCase()}.`,
        },
        scope,
        undefined,
      );
      return false;
    }
    rt.variables.setLocal(scope.key, adHoc.outputCollection, [...current, value]);
    return true;
  } catch (err) {
    const failure = failureOf(err, scope.element.id);
    if (!failure) throw err;
    rt.incidents.raise(failure, scope, undefined);
    return false;
  }
}

/** Completing: the collection goes to the parent scope (before output mappings, as Zeebe's onComplete). */
export function propagateOutputCollection(rt: Runtime, scope: ElementInstance) {
  const name = scope.element.adHoc?.outputCollection;
  if (!name || !scope.parent) return;
  rt.variables.propagate(scope.parent, { [name]: rt.variables.local(scope.key)?.get(name)?.value ?? [] });
}
