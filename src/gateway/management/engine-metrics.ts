/**
 * The engine's Prometheus metrics under the names Zeebe exposes on its management port, so Camunda's Grafana
 * dashboards and alerts read them unchanged (labels as Zeebe's, one partition: "1"). What the engine does
 * (element instances, executed instances, jobs, incidents, journal appends) is counted from the engine's own
 * events (engine-event-metrics.ts), whatever caused it; requests received and dropped are counted where the
 * gateways hand commands to the engine (`meteredEngine`); gauges are read from the engine's state at each
 * scrape.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineApi } from '../../engine/engine-api';

const PARTITION = '1';

export interface EngineMetrics {
  readonly registry: Registry;
  readonly elementInstanceEvents: Counter<'action' | 'type' | 'partition'>;
  readonly executedInstances: Counter<'action' | 'type' | 'organizationId' | 'partition'>;
  readonly jobEvents: Counter<'action' | 'type' | 'partition'>;
  readonly incidentEvents: Counter<'action' | 'partition'>;
  readonly receivedRequests: Counter<'requestType' | 'partition'>;
  readonly droppedRequests: Counter<'requestType' | 'partition'>;
  readonly journalAppendLatency: Histogram<'partition'>;
  readonly journalAppends: Counter<'partition'>;
}

export function engineMetrics(engine: EngineApi): EngineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const metrics: EngineMetrics = {
    registry,
    elementInstanceEvents: new Counter({
      name: 'zeebe_element_instance_events_total',
      help: 'Number of process element instance events',
      labelNames: ['action', 'type', 'partition'],
      registers,
    }),
    executedInstances: new Counter({
      name: 'zeebe_executed_instances_total',
      help: 'Number of executed (root) process instances',
      labelNames: ['action', 'type', 'organizationId', 'partition'],
      registers,
    }),
    jobEvents: new Counter({
      name: 'zeebe_job_events_total',
      help: 'Number of job events',
      labelNames: ['action', 'type', 'partition'],
      registers,
    }),
    incidentEvents: new Counter({
      name: 'zeebe_incident_events_total',
      help: 'Number of incident events',
      labelNames: ['action', 'partition'],
      registers,
    }),
    receivedRequests: new Counter({
      name: 'zeebe_received_request_count_total',
      help: 'Number of requests received',
      labelNames: ['requestType', 'partition'],
      registers,
    }),
    droppedRequests: new Counter({
      name: 'zeebe_dropped_request_count_total',
      help: 'Number of requests dropped due to backpressure',
      labelNames: ['requestType', 'partition'],
      registers,
    }),
    // Micrometer's atomix.journal.append.latency timer and atomix.journal.append.rate counter, as Prometheus names them
    journalAppendLatency: new Histogram({
      name: 'atomix_journal_append_latency_seconds',
      help: 'Distribution of time spent appending journal records, excluding flushing',
      labelNames: ['partition'],
      buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      registers,
    }),
    journalAppends: new Counter({
      name: 'atomix_journal_append_rate_total',
      help: 'The rate at which we append entries in the journal, by entry count',
      labelNames: ['partition'],
      registers,
    }),
  };
  new Gauge({
    name: 'zeebe_pending_incidents_total',
    help: 'Number of pending incidents',
    labelNames: ['partition'],
    registers,
    collect() {
      let open = 0;
      for (const incident of engine.listIncidents()) if (incident.state === 'ACTIVE') open++;
      this.set({ partition: PARTITION }, open);
    },
  });
  new Gauge({
    name: 'zeebe_health',
    help: 'Shows current health of the partition (1 = healthy, 0 = unhealthy)',
    labelNames: ['partition'],
    registers,
    collect() {
      this.set({ partition: PARTITION }, engine.haltedBecause() ? 0 : 1);
    },
  });
  return metrics;
}

export const partitionLabel = PARTITION;
