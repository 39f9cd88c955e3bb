/**
 * The catch events an element instance waits on during migration (Zeebe's ExecutableCatchEventSupplier):
 * its boundary events, the starts of its event sub-processes, and for an event-based gateway the events
 * after it; a catch event or receive task also waits on itself. Zeebe 8.8's checks on their mappings, with
 * its texts: a mapped catch event stays with the element, no two map onto one, none changes its event type.
 */
import type { FlowElement } from '../model/process-model';

/** the events that wait on behalf of an instance of `element` (not counting the element itself) */
export function triggersOf(element: FlowElement): FlowElement[] {
  const starts = element.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
  const after = element.kind === 'eventBasedGateway' ? element.outgoing.map((flow) => flow.target) : [];
  return [...element.boundaryEvents, ...starts, ...after];
}

function catchEventsOf(element: FlowElement): FlowElement[] {
  const self = element.kind === 'intermediateCatchEvent' || element.kind === 'receiveTask' ? [element] : [];
  return [...self, ...triggersOf(element)];
}

/** Zeebe's BpmnEventType name of an event's definition */
export const eventType = (event: FlowElement) => {
  const kind = event.eventDefinition.kind;
  return kind === 'compensate' ? 'COMPENSATION' : kind.toUpperCase();
};

/**
 * Zeebe's requireMappedCatchEventsToStayAttachedToSameElement, requireNoDuplicateTargetsInCatchEventMappings
 * and requireNoCatchEventMappingToChangeEventType, in that order, for `from` mapped to `to`.
 */
export function checkCatchEventMappings(
  from: FlowElement,
  to: FlowElement,
  mapping: Map<string, string>,
  reject: (text: string) => Error,
) {
  const mapped = catchEventsOf(from).filter((event) => mapping.has(event.id));
  const targets = catchEventsOf(to);
  for (const event of mapped) {
    const targetId = mapping.get(event.id) as string;
    if (!targets.some((t) => t.id === targetId)) {
      throw reject(
        `active element with id '${from.id}' is mapped to an element with id '${to.id}' and has a catch event with id '${event.id}' that is mapped to a catch event with id '${targetId}'. These mappings detach the catch event from the element in the target process. Catch events must stay attached to the same element instance.`,
      );
    }
  }
  const sourcesByTarget = new Map<string, string[]>();
  for (const event of mapped) {
    const targetId = mapping.get(event.id) as string;
    sourcesByTarget.set(targetId, [...(sourcesByTarget.get(targetId) ?? []), event.id]);
  }
  for (const [targetId, sources] of sourcesByTarget) {
    if (sources.length > 1) {
      throw reject(
        `active element with id '${from.id}' has a catch event attached that is mapped to a catch event with id '${targetId}'. There are multiple mapping instructions that target this catch event: '${sources.sort().join("', '")}'. Catch events cannot be merged by process instance migration. Please ensure the mapping instructions target a catch event only once.`,
      );
    }
  }
  for (const event of mapped) {
    const target = targets.find((t) => t.id === mapping.get(event.id)) as FlowElement;
    if (eventType(event) !== eventType(target)) {
      throw reject(
        `active element with id '${from.id}' has a catch event with id '${event.id}' that is mapped to a catch event with id '${target.id}'. These catch events have different event types: '${eventType(event)}' and '${eventType(target)}'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.`,
      );
    }
  }
}
