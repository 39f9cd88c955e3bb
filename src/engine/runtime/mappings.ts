/**
 * zeebe:ioMapping and result variables. Input mappings create local variables of the element, evaluated
 * against its flow scope (each mapping sees the ones before it). On completion, a job's or an event's
 * variables either propagate from the element (no output mappings) or become its locals and only the
 * output mappings propagate — exactly Zeebe's rule, including its gotcha: a completion variable named
 * like an input-mapped local stays local.
 */
import { type FeelContext, toJsonValue } from '../feel';
import type { Mapping } from '../model/process-model';
import type { ElementInstance } from './element-instance';
import type { Runtime } from './runtime';

export function applyInputMappings(rt: Runtime, instance: ElementInstance) {
  const mappings = instance.element.inputMappings;
  if (mappings.length === 0) return;
  const mapped: Record<string, unknown> = {};
  const scope = instance.parent;
  for (const mapping of mappings) {
    const value = variableValue(
      mapping.source.evaluate(
        (name) => (name in mapped ? mapped[name] : rt.variables.lookup(scope, name)),
        feelContext(rt, instance),
      ),
    );
    assignPath(mapped, mapping.target, value, (name) => rt.variables.lookup(scope, name));
  }
  rt.variables.setLocals(instance.key, mapped);
}

export function applyOutputMappings(rt: Runtime, instance: ElementInstance) {
  const payload = instance.payload;
  const mappings = instance.element.outputMappings;
  const scope = instance.parent;
  if (mappings.length === 0) {
    if (payload && Object.keys(payload).length > 0) {
      if (scope) rt.variables.propagate(instance, payload);
      else rt.variables.setLocals(instance.key, payload);
    }
    instance.payload = undefined;
    return;
  }
  if (payload) rt.variables.setLocals(instance.key, payload);
  const result = evaluateMappings(rt, mappings, instance, scope);
  instance.payload = undefined;
  if (scope) rt.variables.propagate(scope, result);
  else rt.variables.setLocals(instance.key, result);
}

function evaluateMappings(
  rt: Runtime,
  mappings: Mapping[],
  instance: ElementInstance,
  scope: ElementInstance | undefined,
) {
  const result: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const value = variableValue(
      mapping.source.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt, instance)),
    );
    assignPath(result, mapping.target, value, (name) => (scope ? rt.variables.lookup(scope, name) : undefined));
  }
  return result;
}

/** `a.b.c = v`: builds nested contexts, merging into the existing variable `a` as Zeebe does. */
function assignPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
  existing: (name: string) => unknown,
) {
  const parts = path.split('.');
  if (parts.length === 1) {
    target[path] = value;
    return;
  }
  const [head, ...rest] = parts;
  const current = head in target ? target[head] : existing(head);
  const root: Record<string, unknown> = isObject(current) ? structuredClone(current) : {};
  let node = root;
  for (const part of rest.slice(0, -1)) {
    node[part] = isObject(node[part]) ? node[part] : {};
    node = node[part] as Record<string, unknown>;
  }
  node[rest[rest.length - 1]] = value;
  target[head] = root;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A FEEL result as a variable: dates and durations become their ISO text (as Zeebe stores them), and the value
 * is a copy, so a later change to one variable never shows through another that was mapped from it.
 */
export function variableValue(result: unknown): unknown {
  const value = toJsonValue(result);
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** What an evaluation for `scope` (absent: none, e.g. a start event's timer) runs with: the clock, the budget. */
export const feelContext = (rt: Runtime, scope?: ElementInstance): FeelContext => ({
  now: () => rt.clock.now(),
  budget: rt.feelBudgets,
  scope: scope?.key,
});
