/**
 * How a snapshot names what the running engine holds by reference: definitions, element instances and
 * messages by key, flow elements by element id (ElementRef). Capturing refuses what it cannot name
 * (NotSnapshottableError: the engine keeps its journal instead); restoring resolves every name or fails.
 */
import type { ProcessDefinition } from '../deployments';
import type { FlowElement } from '../model/process-model';
import type { ElementInstance } from '../runtime/element-instance';
import type { ElementRef } from './snapshot-state';

export class NotSnapshottableError extends Error {}

export function elementRef(definition: ProcessDefinition, element: FlowElement): ElementRef {
  const visible = definition.model.elements.get(element.id);
  if (visible === element) return element.id;
  if (visible?.kind === 'multiInstanceBody' && visible.children[0] === element) return `${element.id}[inner]`;
  throw new NotSnapshottableError(`element '${element.id}' is not part of process definition '${definition.key}'`);
}

export function resolveElement(def: ProcessDefinition, ref: ElementRef): FlowElement {
  const inner = ref.endsWith('[inner]');
  const id = inner ? ref.slice(0, -'[inner]'.length) : ref;
  const visible = def.model.elements.get(id);
  const found = inner ? (visible?.kind === 'multiInstanceBody' ? visible.children[0] : undefined) : visible;
  return required(found, `element of process '${def.bpmnProcessId}' (definition ${def.key})`, ref);
}

export function required<T>(value: T | undefined, what: string, key: string): T {
  if (value === undefined) throw new Error(`snapshot refers to ${what} '${key}', which it does not contain`);
  return value;
}

/** What a restore resolves names with, once definitions and element instances are back. */
export interface RestoredRefs {
  definition(key: string): ProcessDefinition;
  instance(key: string): ElementInstance;
  element(definition: ProcessDefinition, ref: ElementRef): FlowElement;
}

/** Start events registered per name (message and signal start events), as a snapshot holds them. */
export type StartEventsState = [string, { definition: string; event: ElementRef }[]][];

type StartEvent = { definition: ProcessDefinition; event: FlowElement };

export function startEventsState(byName: Map<string, StartEvent[]>): StartEventsState {
  return [...byName].map(([name, list]) => [
    name,
    list.map((s) => ({ definition: s.definition.key, event: elementRef(s.definition, s.event) })),
  ]);
}

export function restoreStartEvents(into: Map<string, StartEvent[]>, state: StartEventsState, refs: RestoredRefs) {
  for (const [name, list] of state) {
    into.set(
      name,
      list.map((x) => ({
        definition: refs.definition(x.definition),
        event: refs.element(refs.definition(x.definition), x.event),
      })),
    );
  }
}
