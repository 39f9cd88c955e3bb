/**
 * StreamActivatedJobs: registers a job stream with the engine (engine.openJobStream) and writes every job
 * the engine pushes to it, in order, once the activation is durable. The stream stays open until the client
 * cancels it or the gateway closes. A job pushed to a stream whose client is gone is made activatable
 * again (Zeebe yields it back).
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivatedJob } from '../../engine/engine-api';
import { type OpenRequests, reactivateJobs } from '../job-long-poll';
import { acceptIdentityOnly } from './compression';
import type { GatewayContext } from './context';
import { int64ToNumber, requireDefaultTenants, toGrpcJob } from './conversions';
import { GatewayError, toServiceError } from './errors';
import type { GrpcActivatedJob, StreamActivatedJobsRequest } from './proto-types';

export function streamActivatedJobsHandler(ctx: GatewayContext, openCalls: OpenRequests) {
  return (call: ServerWritableStream<StreamActivatedJobsRequest, GrpcActivatedJob>) => {
    const req = call.request;
    const timeout = int64ToNumber(req.timeout);
    try {
      requireDefaultTenants('StreamActivatedJobs', req.tenantIds);
      if (req.type.trim() === '') throw invalidStream('type', 'present', 'blank');
      if (timeout < 1) throw invalidStream('timeout', 'greater than zero', String(timeout));
    } catch (err) {
      call.emit('error', toServiceError(err, 'StreamActivatedJobs', undefined, ctx.logger));
      return;
    }
    acceptIdentityOnly(call);

    let closed = false;
    let tail = Promise.resolve();
    const deliver = (job: ActivatedJob) => {
      if (closed || call.cancelled) {
        // not inside the engine's running command: reactivate on the next microtask
        queueMicrotask(() =>
          reactivateJobs(ctx, [job], 'Failed to push the activated job to the stream: the stream is closed'),
        );
        return;
      }
      call.write(toGrpcJob(job));
    };
    const closeStream = ctx.engine.openJobStream({
      type: req.type,
      worker: req.worker,
      timeout,
      fetchVariable: req.fetchVariable.length > 0 ? req.fetchVariable : undefined,
      push: (job) => {
        tail = tail.then(ctx.durable).then(
          () => deliver(job),
          (err) => ctx.logger.error({ err, jobKey: job.key }, 'job activation could not be made durable'),
        );
      },
    });
    const end = () => {
      if (closed) return;
      closed = true;
      closeStream();
      openCalls.delete(endByGateway);
    };
    const endByGateway = () => {
      end();
      tail.then(() => call.end());
    };
    openCalls.add(endByGateway);
    call.on('cancelled', end);
    call.on('error', end);
    ctx.logger.debug({ type: req.type, worker: req.worker }, 'job stream opened');
  };
}

function invalidStream(field: string, expectation: string, actual: string) {
  return new GatewayError(
    'INVALID_ARGUMENT',
    `Expected to stream activated jobs with ${field} to be ${expectation}, but it was ${actual}`,
  );
}
