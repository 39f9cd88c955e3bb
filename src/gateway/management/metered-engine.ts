/**
 * The engine as the gateways see it, counting what passes into the Zeebe metrics (engine-metrics.ts): instances
 * created, jobs activated / completed / failed / errors thrown by job type, incidents resolved, and commands
 * refused for lack of room (Zeebe's backpressure counter). Everything else goes straight to the engine.
 */
import type { EngineApi } from '../../engine/engine-api';
import { EngineError } from '../../engine/errors';
import { type EngineMetrics, engineMetrics, partitionLabel as partition } from './engine-metrics';

type Counted = Partial<Record<keyof EngineApi, unknown>>;

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
    metering = { metrics, engine: meteredEngine(engine, metrics) };
    meterings.set(engine, metering);
  }
  return metering;
}

function meteredEngine(engine: EngineApi, metrics: EngineMetrics): EngineApi {
  // job key → type, from activation to its end, so a completion is counted under its job type as Zeebe labels it
  const activeJobTypes = new Map<string, string>();
  const jobEvent = (action: string, jobKey: string, ended = true) => {
    const type = activeJobTypes.get(jobKey) ?? 'unknown';
    if (ended) activeJobTypes.delete(jobKey);
    metrics.jobEvents.inc({ action, type, partition });
  };
  /** Runs a command, counting it as received, and as dropped when the engine refuses it for lack of room. */
  const command = <T>(requestType: string, run: () => T): T => {
    metrics.receivedRequests.inc({ requestType, partition });
    try {
      return run();
    } catch (err) {
      if (err instanceof EngineError && err.code === 'RESOURCE_EXHAUSTED')
        metrics.droppedRequests.inc({ requestType, partition });
      throw err;
    }
  };
  const counted: Counted = {
    createProcessInstance: (cmd: Parameters<EngineApi['createProcessInstance']>[0]) => {
      const created = command('PROCESS_INSTANCE_CREATION', () => engine.createProcessInstance(cmd));
      metrics.elementInstanceEvents.inc({ action: 'activated', type: 'PROCESS', partition });
      metrics.executedInstances.inc({
        action: 'activated',
        type: 'ROOT_PROCESS_INSTANCE',
        organizationId: 'null',
        partition,
      });
      return created;
    },
    activateJobs: (cmd: Parameters<EngineApi['activateJobs']>[0]) => {
      const jobs = command('JOB_BATCH_ACTIVATE', () => engine.activateJobs(cmd));
      for (const job of jobs) {
        activeJobTypes.set(job.key, job.type);
        metrics.jobEvents.inc({ action: 'activated', type: job.type, partition });
      }
      return jobs;
    },
    completeJob: (jobKey: string, variables?: Record<string, unknown>) => {
      command('JOB_COMPLETE', () => engine.completeJob(jobKey, variables));
      jobEvent('completed', jobKey);
    },
    completeJobWithResult: (...args: Parameters<EngineApi['completeJobWithResult']>) => {
      command('JOB_COMPLETE', () => engine.completeJobWithResult(...args));
      jobEvent('completed', args[0]);
    },
    completeAdHocJob: (...args: Parameters<EngineApi['completeAdHocJob']>) => {
      command('JOB_COMPLETE', () => engine.completeAdHocJob(...args));
      jobEvent('completed', args[0]);
    },
    failJob: (...args: Parameters<EngineApi['failJob']>) => {
      command('JOB_FAIL', () => engine.failJob(...args));
      jobEvent('failed', args[0]);
    },
    throwError: (...args: Parameters<EngineApi['throwError']>) => {
      command('JOB_THROW_ERROR', () => engine.throwError(...args));
      jobEvent('error thrown', args[0]);
    },
    resolveIncident: (incidentKey: string) => {
      command('INCIDENT_RESOLVE', () => engine.resolveIncident(incidentKey));
      metrics.incidentEvents.inc({ action: 'resolved', partition });
    },
  };
  return new Proxy(engine, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in counted) return counted[prop as keyof EngineApi];
      const value = Reflect.get(target, prop);
      // the engine's own methods run on the engine itself, never on the proxy
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
