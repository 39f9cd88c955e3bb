/**
 * What one process instance covered, as read through REST v2 at the end of a suite: its state (from
 * `GET /v2/process-instances/{key}`: Camunda stores no element instance for the process itself), the
 * elements it entered (an element instance in any state: an error end event, for one, ends TERMINATED) and
 * the sequence flows it took. Flows come from `GET /v2/process-instances/{key}/sequence-flows` (Camunda 8.8;
 * the embedded engine records taken flows too). Where a server lacks that endpoint the element rows are
 * kept, and the report derives the flows from them (derivedFlows below).
 */
import { compareKeys } from '../element-history';
import type { RestApi } from '../rest-api';
import type { ModelFlow } from './bpmn-model';

export interface InstanceCoverage {
  processInstanceKey: string;
  processDefinitionId: string;
  /** the instance's state when it was read (ACTIVE, COMPLETED, TERMINATED) */
  state: string;
  /** ids of the elements entered, each once */
  elementIds: string[];
  /** ids of the sequence flows taken, each once; absent when the server could not say */
  flowIds?: string[];
  /** the element rows flows are derived from when flowIds is absent */
  elements?: { elementId: string; elementInstanceKey: string; state: string }[];
  /** the jest test that first looked at the instance: coverage per test file and per test case */
  test?: { file: string; name: string };
}

/** undefined when there is no instance to show (never created, deleted, not exported yet) */
export async function readInstanceCoverage(
  api: RestApi,
  processInstanceKey: string,
): Promise<InstanceCoverage | undefined> {
  const [instance, rows, flows] = await Promise.all([
    api.processInstance(processInstanceKey),
    api.elementInstances(processInstanceKey),
    api.takenSequenceFlows(processInstanceKey),
  ]);
  if (!instance) return undefined;
  // a server that still lists the process as an element: not a flow node of the diagram
  const inFlow = rows.filter((e) => e.type !== 'PROCESS');
  return {
    processInstanceKey,
    processDefinitionId: instance.processDefinitionId,
    state: instance.state,
    elementIds: [...new Set(inFlow.map((e) => e.elementId))],
    ...(flows
      ? { flowIds: [...new Set(flows)] }
      : {
          elements: inFlow.map((e) => ({
            elementId: e.elementId,
            elementInstanceKey: String(e.elementInstanceKey),
            state: e.state,
          })),
        }),
  };
}

/**
 * Flows taken, derived from element history when the server cannot list them: a flow counts as taken when
 * an instance of its source element COMPLETED and an instance of its target element was activated after it
 * (a larger element instance key). It can over-count where a target is reachable from two completed
 * sources (e.g. both branches into a merging gateway when only one was taken) — which is why the
 * sequence-flows endpoint is preferred.
 */
export function derivedFlows(instance: InstanceCoverage, flows: readonly ModelFlow[]): string[] {
  if (instance.flowIds) return instance.flowIds;
  const rows = instance.elements ?? [];
  return flows
    .filter((flow) =>
      rows.some(
        (source) =>
          source.elementId === flow.sourceRef &&
          source.state === 'COMPLETED' &&
          rows.some(
            (target) =>
              target.elementId === flow.targetRef &&
              compareKeys(target.elementInstanceKey, source.elementInstanceKey) > 0,
          ),
      ),
    )
    .map((flow) => flow.id);
}
