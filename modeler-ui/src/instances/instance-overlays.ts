/**
 * What the instance diagram shows, computed from the instance's element history: active token counts per
 * element, completed and terminated elements, incidents (with their messages) and the sequence flows taken.
 * Pure functions, so the rules are plain to read and test.
 */
import type { ElementInstance, Incident } from '../api/camunda-types';

export interface DiagramFlow {
  id: string;
  sourceId: string;
  targetId: string;
}

export interface InstanceOverlays {
  /** elementId → number of active element instances (tokens) */
  tokens: Map<string, number>;
  completed: Set<string>;
  terminated: Set<string>;
  /** elementId → messages of its active incidents */
  incidents: Map<string, string[]>;
  takenFlows: Set<string>;
}

/** The process itself is an element instance too; it is not a node on the diagram. */
const NOT_ON_DIAGRAM = new Set(['PROCESS', 'MULTI_INSTANCE_BODY']);

export function computeOverlays(
  elements: ElementInstance[],
  incidents: Incident[],
  takenFlows: string[] | undefined,
  flows: DiagramFlow[],
): InstanceOverlays {
  const tokens = new Map<string, number>();
  const completed = new Set<string>();
  const terminated = new Set<string>();
  for (const element of elements) {
    if (NOT_ON_DIAGRAM.has(element.type)) continue;
    if (element.state === 'ACTIVE') tokens.set(element.elementId, (tokens.get(element.elementId) ?? 0) + 1);
    else if (element.state === 'COMPLETED') completed.add(element.elementId);
    else terminated.add(element.elementId);
  }
  const incidentMessages = new Map<string, string[]>();
  for (const incident of incidents) {
    if (incident.state !== 'ACTIVE' && incident.state !== 'PENDING') continue;
    const messages = incidentMessages.get(incident.elementId) ?? [];
    messages.push(incident.errorMessage || incident.errorType);
    incidentMessages.set(incident.elementId, messages);
  }
  return {
    tokens,
    completed,
    terminated,
    incidents: incidentMessages,
    takenFlows: new Set(takenFlows ?? deriveTakenFlows(elements, flows)),
  };
}

/**
 * For servers without GET /v2/process-instances/{key}/sequence-flows: a flow counts as taken when its source
 * completed and its target was entered no earlier than that. Exact for this project's models; a loop back
 * into an element entered before may be missed.
 */
export function deriveTakenFlows(elements: ElementInstance[], flows: DiagramFlow[]): string[] {
  const completedAt = new Map<string, number[]>();
  const enteredAt = new Map<string, number[]>();
  for (const e of elements) {
    enteredAt.set(e.elementId, [...(enteredAt.get(e.elementId) ?? []), Date.parse(e.startDate)]);
    if (e.state === 'COMPLETED' && e.endDate) {
      completedAt.set(e.elementId, [...(completedAt.get(e.elementId) ?? []), Date.parse(e.endDate)]);
    }
  }
  return flows
    .filter((flow) => {
      const ends = completedAt.get(flow.sourceId);
      const starts = enteredAt.get(flow.targetId);
      return ends !== undefined && starts?.some((s) => ends.some((end) => s >= end)) === true;
    })
    .map((flow) => flow.id);
}
