/**
 * An instance's element history as the toolkit orders and prints it. Order is **activation order**: element
 * instance keys grow with every element the engine enters (Zeebe generates them from one counter per
 * partition, and an instance lives on one partition). Dates are no good for ordering: Zeebe stamps every
 * record written for one command with the same timestamp, and a pinned clock (`PUT /v2/clock`) stops time
 * altogether, so many elements share a startDate/endDate to the millisecond.
 */
import type { ElementInstanceItem, IncidentItem, ProcessInstanceItem } from './rest-api';

/** int64 keys as decimal strings: compare by length, then text (no precision lost, no BigInt needed). */
export function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The elements of the flow, in activation order (a PROCESS row, which Camunda never stores, left out). */
export function inActivationOrder(elements: readonly ElementInstanceItem[]): ElementInstanceItem[] {
  return elements
    .filter((e) => e.type !== 'PROCESS')
    .sort((a, b) => compareKeys(String(a.elementInstanceKey), String(b.elementInstanceKey)));
}

/** Ids of the elements that completed ("passed"), in activation order. */
export function passedElementIds(elements: readonly ElementInstanceItem[]): string[] {
  return inActivationOrder(elements)
    .filter((e) => e.state === 'COMPLETED')
    .map((e) => e.elementId);
}

export function activeElementIds(elements: readonly ElementInstanceItem[]): string[] {
  return inActivationOrder(elements)
    .filter((e) => e.state === 'ACTIVE')
    .map((e) => e.elementId);
}

/**
 * A readable dump for failure messages: the instance's state, then one line per element instance
 * (element id, type, state) in activation order, then the open incidents.
 */
export function formatHistory(
  processInstanceKey: string,
  instance: ProcessInstanceItem | undefined,
  elements: readonly ElementInstanceItem[],
  incidents: readonly IncidentItem[],
): string {
  if (!instance) return `process instance ${processInstanceKey}: not found (not created, or not exported yet)`;
  const rows = inActivationOrder(elements);
  const width = Math.max(10, ...rows.map((e) => e.elementId.length));
  const typeWidth = Math.max(4, ...rows.map((e) => e.type.length));
  const lines = rows.map(
    (e, i) =>
      `  ${String(i + 1).padStart(3)}. ${e.elementId.padEnd(width)}  ${e.type.padEnd(typeWidth)}  ${e.state}${
        e.incidentKey ? ' (incident)' : ''
      }`,
  );
  const open = incidents.filter((i) => i.state === 'ACTIVE');
  return [
    `process instance ${processInstanceKey} (${instance.processDefinitionId}) is ${instance.state}; element history:`,
    ...(lines.length > 0 ? lines : ['  (no element instances yet)']),
    open.length > 0
      ? `  open incidents: ${open.map((i) => `${i.elementId}: ${i.errorType}: ${i.errorMessage}`).join(' | ')}`
      : '  open incidents: none',
  ].join('\n');
}
