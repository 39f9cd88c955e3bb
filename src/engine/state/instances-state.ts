/**
 * Element and process instances as a snapshot holds them: object references become keys, flow elements
 * ElementRefs, and a restore rebuilds them in the shape the running engine gives them (Lifecycle.newInstance).
 * Their timers, subscriptions and termination state are not here: the due queue and the message and signal
 * services hold those (and a capture refuses an element in the middle of a termination).
 */
import type { ProcessDefinition } from '../deployments';
import type { SequenceFlow } from '../model/process-model';
import type { CompensableRecord, ElementInstance, ProcessInstance } from '../runtime/element-instance';
import type { Runtime } from '../runtime/runtime';
import type { CompensableState, ElementInstanceState, ProcessInstanceState, SnapshotState } from './snapshot-state';
import { elementRef, type RestoredRefs, required, resolveElement } from './state-refs';

export function processInstanceState(p: ProcessInstance): ProcessInstanceState {
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

function compensableState(definition: ProcessDefinition, r: CompensableRecord): CompensableState {
  return {
    element: elementRef(definition, r.element),
    instanceKey: r.instanceKey,
    nested: r.nested.map((n) => compensableState(definition, n)),
  };
}

export function elementInstanceState(i: ElementInstance): ElementInstanceState {
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
    listenerIndex: i.listenerIndex,
    adHocFulfilled: i.adHocFulfilled,
  };
}

/**
 * Puts the element and process instances back into `rt` (whose deployments are restored); returns how the
 * rest of the restore resolves names.
 */
export function restoreInstances(rt: Runtime, s: SnapshotState): RestoredRefs {
  const definition = (key: string): ProcessDefinition =>
    required(rt.deployments.getIncludingDeleted(key), 'process definition', key);
  const definitionOf = new Map(s.processInstances.map((p) => [p.key, definition(p.definition)]));
  for (const e of s.elementInstances) {
    const def = e.definition
      ? definition(e.definition)
      : required(definitionOf.get(e.processInstanceKey), 'process instance', e.processInstanceKey);
    rt.elementInstances.set(e.key, newElementInstance(e, def));
  }
  const refs: RestoredRefs = {
    definition,
    instance: (key) => required(rt.elementInstances.get(key), 'element instance', key),
    element: resolveElement,
  };
  for (const e of s.elementInstances) linkElementInstance(refs.instance(e.key), e, refs);
  for (const p of s.processInstances) rt.processInstances.set(p.key, restoredProcessInstance(p, refs));
  return refs;
}

/** The shape Lifecycle.newInstance gives a live one (same fields, same order), then what is set. */
function newElementInstance(e: ElementInstanceState, def: ProcessDefinition): ElementInstance {
  const instance: ElementInstance = {
    key: e.key,
    element: resolveElement(def, e.element),
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
  if (e.listenerIndex !== undefined) instance.listenerIndex = e.listenerIndex;
  if (e.adHocFulfilled !== undefined) instance.adHocFulfilled = e.adHocFulfilled;
  return instance;
}

/** The references between element instances, once all of them exist. */
function linkElementInstance(instance: ElementInstance, e: ElementInstanceState, refs: RestoredRefs) {
  if (e.parent) instance.parent = refs.instance(e.parent);
  if (e.children) instance.children = e.children.map(refs.instance);
  if (e.joins) instance.joins = new Map(e.joins.map(([gateway, tokens]) => [gateway, new Map(tokens)]));
  const compensable = (c: CompensableState): CompensableRecord => ({
    element: resolveElement(instance.definition, c.element),
    instanceKey: c.instanceKey,
    nested: c.nested.map(compensable),
  });
  if (e.compensable) instance.compensable = e.compensable.map(compensable);
  if (e.compensationThrow) instance.compensationThrow = refs.instance(e.compensationThrow);
  if (e.chosenFlows)
    instance.chosenFlows = e.chosenFlows.map((id) =>
      required(
        instance.element.outgoing.find((f: SequenceFlow) => f.id === id),
        'sequence flow',
        id,
      ),
    );
}

function restoredProcessInstance(p: ProcessInstanceState, refs: RestoredRefs): ProcessInstance {
  const def = refs.definition(p.definition);
  const instance: ProcessInstance = {
    key: p.key,
    definition: def,
    root: refs.instance(p.key),
    history: p.history.map(refs.instance),
    startDate: p.startDate,
  };
  if (p.messageCorrelationKey !== undefined) instance.messageCorrelationKey = p.messageCorrelationKey;
  if (p.endDate !== undefined) instance.endDate = p.endDate;
  if (p.callActivity) instance.callActivity = refs.instance(p.callActivity);
  if (p.pendingStart)
    instance.pendingStart = { element: resolveElement(def, p.pendingStart.element), payload: p.pendingStart.payload };
  return instance;
}
