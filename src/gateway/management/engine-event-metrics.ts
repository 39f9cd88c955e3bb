/**
 * Counts what the engine itself does (engine/runtime/engine-events.ts) into Zeebe's metrics (engine-metrics.ts),
 * labelled as Zeebe labels them: element instance events by BPMN element type, executed root process instances,
 * job events by job type, incident events, and each journal append with its latency.
 */
import type { EngineApi } from '../../engine/engine-api';
import type { EngineEvent } from '../../engine/runtime/engine-events';
import { type EngineMetrics, partitionLabel as partition } from './engine-metrics';

/** Subscribes the metrics to the engine's events; returns the subscription's end (none for other engines). */
export function countEngineEvents(engine: EngineApi, metrics: EngineMetrics): () => void {
  return engine.onEngineEvent?.((event) => count(metrics, event)) ?? (() => {});
}

function count(metrics: EngineMetrics, event: EngineEvent) {
  switch (event.kind) {
    case 'element':
      metrics.elementInstanceEvents.inc({ action: event.action, type: event.elementType, partition });
      if (event.rootProcess)
        metrics.executedInstances.inc({
          action: event.action,
          type: 'ROOT_PROCESS_INSTANCE',
          organizationId: 'null',
          partition,
        });
      return;
    case 'job':
      metrics.jobEvents.inc({ action: event.action, type: event.jobType, partition });
      return;
    case 'incident':
      metrics.incidentEvents.inc({ action: event.action, partition });
      return;
    case 'journalAppend':
      metrics.journalAppends.inc({ partition });
      metrics.journalAppendLatency.observe({ partition }, event.seconds);
      return;
  }
}
