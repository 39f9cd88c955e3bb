/**
 * The engine as the gateways see it, counting the client requests that pass into Zeebe's request metrics
 * (engine-metrics.ts): every command received by its request type, and those the engine refuses for lack of
 * room (Zeebe's backpressure counter). What the commands then do (instances, jobs, incidents) is counted from
 * the engine's own events (engine-event-metrics.ts), together with what timers and batches do. Everything
 * else goes straight to the engine.
 */
import type { EngineApi } from '../../engine/engine-api';
import { EngineError } from '../../engine/errors';
import { countEngineEvents } from './engine-event-metrics';
import { type EngineMetrics, engineMetrics, partitionLabel as partition } from './engine-metrics';

export interface Metering {
  metrics: EngineMetrics;
  /** the engine whose commands are counted: what gateways and in-process callers use */
  engine: EngineApi;
}

const meterings = new WeakMap<EngineApi, Metering>();

/**
 * One set of metrics per engine, shared by everything that sends it commands: its gateways and, under
 * `npm start`, the app's in-process commands (src/boot/app-process-commands.ts), which skip gRPC.
 */
export function meteringOf(engine: EngineApi): Metering {
  let metering = meterings.get(engine);
  if (!metering) {
    const metrics = engineMetrics(engine);
    countEngineEvents(engine, metrics);
    metering = { metrics, engine: meteredEngine(engine, metrics) };
    meterings.set(engine, metering);
  }
  return metering;
}

/** Zeebe's request types of the commands counted as received (ValueType_Intent, as its gateway names them). */
const REQUEST_TYPES: Partial<Record<keyof EngineApi, string>> = {
  createProcessInstance: 'PROCESS_INSTANCE_CREATION',
  activateJobs: 'JOB_BATCH_ACTIVATE',
  completeJob: 'JOB_COMPLETE',
  completeJobWithResult: 'JOB_COMPLETE',
  completeAdHocJob: 'JOB_COMPLETE',
  failJob: 'JOB_FAIL',
  throwError: 'JOB_THROW_ERROR',
  resolveIncident: 'INCIDENT_RESOLVE',
};

function meteredEngine(engine: EngineApi, metrics: EngineMetrics): EngineApi {
  /** Runs a command, counting it as received, and as dropped when the engine refuses it for lack of room. */
  const command =
    (requestType: string, run: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      metrics.receivedRequests.inc({ requestType, partition });
      try {
        return run(...args);
      } catch (err) {
        if (err instanceof EngineError && err.code === 'RESOURCE_EXHAUSTED')
          metrics.droppedRequests.inc({ requestType, partition });
        throw err;
      }
    };
  return new Proxy(engine, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      // the engine's own methods run on the engine itself, never on the proxy
      const bound = value.bind(target);
      const requestType = typeof prop === 'string' ? REQUEST_TYPES[prop as keyof EngineApi] : undefined;
      return requestType ? command(requestType, bound) : bound;
    },
  });
}
