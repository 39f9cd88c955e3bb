/**
 * ActivateJobs with Zeebe's long polling: answer at once when jobs of the type are activatable; otherwise
 * hold the call until the engine reports new jobs of that type (engine.onJobsAvailable) or the request
 * timeout passes, then end the call. requestTimeout 0 (or absent) uses the gateway's long-polling timeout
 * (10 s, Zeebe's default); a negative requestTimeout disables long polling (answer at once, even empty).
 * As in Zeebe, a call that ends without jobs ends with status OK and no response message.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob, ActivateJobsCommand } from '../../engine/engine-api';
import { acceptIdentityOnly } from './compression';
import type { GatewayContext } from './context';
import { approximateSize, int64ToNumber, requireDefaultTenants, toGrpcJob } from './conversions';
import { toServiceError } from './errors';
import type { ActivateJobsRequest, ActivateJobsResponse, GrpcActivatedJob } from './messages';

export const DEFAULT_LONG_POLLING_TIMEOUT_MS = 10_000;
/** gRPC's default maximum message size is 4 MiB; stay below it per response message. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024 - 64 * 1024;

/** Registry of open calls, so closing the gateway can end them instead of waiting for their timeouts. */
export type OpenCalls = Set<() => void>;

export function activateJobsHandler(ctx: GatewayContext, openCalls: OpenCalls) {
  return (call: ServerWritableStream<ActivateJobsRequest, ActivateJobsResponse>) => {
    const req = call.request;
    let command: ActivateJobsCommand;
    try {
      requireDefaultTenants('ActivateJobs', req.tenantIds);
      command = {
        type: req.type,
        worker: req.worker,
        timeout: int64ToNumber(req.timeout),
        maxJobsToActivate: req.maxJobsToActivate,
        fetchVariable: req.fetchVariable.length > 0 ? req.fetchVariable : undefined,
      };
    } catch (err) {
      call.emit('error', toServiceError(err, 'ActivateJobs', 'ACTIVATE', ctx.logger));
      return;
    }
    acceptIdentityOnly(call);

    let done = false;
    let unsubscribe = () => {};
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (done) return false;
      done = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      openCalls.delete(endEmpty);
      return true;
    };
    const endEmpty = () => {
      if (finish()) call.end();
    };
    const fail = (err: unknown) => {
      if (finish()) call.emit('error', toServiceError(err, 'ActivateJobs', 'ACTIVATE', ctx.logger));
    };
    /** Tries to activate; true when the call was answered (with jobs or an error). */
    const tryActivate = (): boolean => {
      let jobs: ActivatedJob[];
      try {
        jobs = ctx.engine.activateJobs(command);
      } catch (err) {
        fail(err);
        return true;
      }
      if (jobs.length === 0) return false;
      finish();
      // answer once the activation is durable: a crash before that makes the jobs activatable again
      ctx.durable().then(
        () => {
          if (call.cancelled) return reactivateJobs(ctx, jobs, 'Failed to send activated jobs to client');
          for (const chunk of responseChunks(jobs.map(toGrpcJob))) call.write({ jobs: chunk });
          call.end();
        },
        (err) => call.emit('error', toServiceError(err, 'ActivateJobs', 'ACTIVATE', ctx.logger)),
      );
      return true;
    };

    if (tryActivate()) return;
    const requestTimeout = int64ToNumber(req.requestTimeout);
    if (requestTimeout < 0) {
      endEmpty();
      return;
    }
    openCalls.add(endEmpty);
    call.on('cancelled', () => finish());
    // woken inside the engine's notification: activate on the next microtask, outside the engine's command
    unsubscribe = ctx.engine.onJobsAvailable(command.type, () => {
      if (!done) queueMicrotask(() => !done && tryActivate());
    });
    timer = setTimeout(endEmpty, requestTimeout === 0 ? DEFAULT_LONG_POLLING_TIMEOUT_MS : requestTimeout);
  };
}

/**
 * Jobs activated for a client that is gone are failed with their retries unchanged and no back-off, so
 * they are activatable again at once (what Zeebe's gateway does when it cannot send an activation).
 */
export function reactivateJobs(ctx: GatewayContext, jobs: ActivatedJob[], reason: string) {
  ctx.logger.info(
    { jobKeys: jobs.map((j) => j.key), reason },
    'activated jobs could not be sent; making them activatable again',
  );
  for (const job of jobs) {
    try {
      ctx.engine.failJob(job.key, job.retries, reason, 0);
    } catch (err) {
      ctx.logger.info({ jobKey: job.key, err }, 'failed to reactivate job');
    }
  }
}

function* responseChunks(jobs: GrpcActivatedJob[]): Iterable<GrpcActivatedJob[]> {
  let chunk: GrpcActivatedJob[] = [];
  let size = 0;
  for (const job of jobs) {
    const jobSize = approximateSize(job);
    if (chunk.length > 0 && size + jobSize > MAX_RESPONSE_BYTES) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(job);
    size += jobSize;
  }
  if (chunk.length > 0) yield chunk;
}
