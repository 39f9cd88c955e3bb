/**
 * Job-worker steps through the unmodified REST client, as the REST suites on listener and ad-hoc sub-process
 * jobs use them: take one job of a type (polled until there is one), complete a job with a typed `result`.
 */
import { pollFor } from './eventually';
import type { RestClient } from './rest-client';

/** Activates one job of `type` for `worker` (a 60 s timeout), polling until one is there. */
export const takeJob = (client: RestClient, type: string, worker: string) =>
  pollFor(`a job of type ${type}`, async () => {
    const { jobs } = await client.activateJobs({
      type,
      worker,
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: -1,
    } as never);
    return jobs[0];
  });

/** Completes a job with a result of `type` ('userTask', 'adHocSubProcess'); without `result`, with none. */
export const completeWithResult = (
  client: RestClient,
  type: 'userTask' | 'adHocSubProcess',
  jobKey: string,
  result?: object,
  variables?: object,
) => client.completeJob({ jobKey, variables, result: result && { type, ...result } } as never);
