/**
 * ActivateJobs with Zeebe's long polling (job-long-poll.ts). As in Zeebe, a call that ends without jobs ends
 * with status OK and no response message, and the jobs of one answer are split over several response
 * messages when they would exceed gRPC's message size.
 */
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ActivateJobsCommand } from '../../engine/engine-api';
import { type OpenRequests, pollForJobs } from '../job-long-poll';
import { acceptIdentityOnly } from './compression';
import type { GatewayContext } from './context';
import { approximateSize, int64ToNumber, requireDefaultTenants, toGrpcJob } from './conversions';
import { toServiceError } from './errors';
import type { ActivateJobsRequest, ActivateJobsResponse, GrpcActivatedJob } from './proto-types';

/** gRPC's default maximum message size is 4 MiB; stay below it per response message. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024 - 64 * 1024;

export function activateJobsHandler(ctx: GatewayContext, openCalls: OpenRequests) {
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

    const cancel = pollForJobs(ctx, command, int64ToNumber(req.requestTimeout), openCalls, {
      jobs(jobs) {
        for (const chunk of responseChunks(jobs.map(toGrpcJob))) call.write({ jobs: chunk });
        call.end();
      },
      empty: () => call.end(),
      error: (err) => call.emit('error', toServiceError(err, 'ActivateJobs', 'ACTIVATE', ctx.logger)),
      gone: () => call.cancelled,
    });
    call.on('cancelled', cancel);
  };
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
