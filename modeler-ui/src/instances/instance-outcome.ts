/**
 * How an instance ended, in business words: Active, Incident (stuck), Completed, Rejected (ended at an end
 * event the model marks or names as rejected) and Cancelled (terminated by someone, or ended at a cancelled
 * end event). Camunda's state alone says COMPLETED for a rejected order; the end element tells them apart.
 */
import type { ElementInstance, ProcessInstance } from '../api/camunda-types';
import { h } from '../ui/dom';

export type EndOutcome = 'completed' | 'rejected' | 'cancelled';
export type Outcome = EndOutcome | 'active' | 'incident';

export const OUTCOME_LABELS: Record<Outcome, string> = {
  active: 'Active',
  incident: 'Incident',
  completed: 'Completed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

const WHY: Record<Outcome, string> = {
  active: 'Still running',
  incident: 'Stuck at a step that failed: fix it and retry',
  completed: 'Ended at a completed end event',
  rejected: 'Ended at a rejection end event',
  cancelled: 'Cancelled: ended on a cancellation path, or stopped by someone (the grey dashed steps never ran)',
};

/** The end event an ended instance reached last, from its element instances (same millisecond: by key). */
export function lastEndEvent(elements: ElementInstance[]): string | undefined {
  const ends = elements.filter((e) => e.type === 'END_EVENT' && e.state === 'COMPLETED');
  const byKey = (a: ElementInstance, b: ElementInstance) =>
    String(a.elementInstanceKey).length - String(b.elementInstanceKey).length ||
    (String(a.elementInstanceKey) < String(b.elementInstanceKey) ? -1 : 1);
  ends.sort((a, b) => Date.parse(a.endDate ?? '') - Date.parse(b.endDate ?? '') || byKey(a, b));
  return ends.at(-1)?.elementId;
}

export function outcomeOf(
  instance: Pick<ProcessInstance, 'state' | 'hasIncident'>,
  endElementId: string | undefined,
  endOutcomes: Map<string, EndOutcome> | undefined,
): Outcome {
  if (instance.state === 'ACTIVE') return instance.hasIncident ? 'incident' : 'active';
  if (instance.state === 'TERMINATED') return 'cancelled';
  return (endElementId && endOutcomes?.get(endElementId)) || 'completed';
}

export function outcomeBadge(outcome: Outcome, endName?: string): HTMLElement {
  return h(
    'span',
    {
      class: `outcome outcome-${outcome}`,
      'data-testid': 'outcome-badge',
      title: endName ? `${WHY[outcome]} (${endName})` : WHY[outcome],
    },
    OUTCOME_LABELS[outcome],
  );
}

/** One sentence under a finished instance's header saying how it ended and what the grey steps mean. */
export function outcomeExplanation(outcome: Outcome, endName?: string): string | undefined {
  if (outcome === 'cancelled')
    return endName
      ? `Cancelled: the instance ended at “${endName}”.`
      : 'Cancelled: someone stopped this instance; steps drawn grey and dashed were stopped before they finished.';
  if (outcome === 'rejected') return `Rejected: the instance ended at “${endName ?? 'a rejection end event'}”.`;
  return undefined;
}

/**
 * The v2 search filter for an outcome, given the end event ids each process's models mark per outcome.
 * Completed, rejected and cancelled-at-an-end-event are told apart by the end event reached (elementId).
 */
export function outcomeSearchFilter(outcome: Outcome, ends: Record<EndOutcome, string[]>): Record<string, unknown> {
  switch (outcome) {
    case 'active':
      return { state: 'ACTIVE', hasIncident: false };
    case 'incident':
      return { state: 'ACTIVE', hasIncident: true };
    case 'cancelled':
      return {
        $or: [
          { state: 'TERMINATED' },
          { state: 'COMPLETED', elementId: { $in: ends.cancelled }, elementInstanceState: 'COMPLETED' },
        ],
      };
    default:
      return { state: 'COMPLETED', elementId: { $in: ends[outcome] }, elementInstanceState: 'COMPLETED' };
  }
}
