/**
 * Jobs: activation with long polling (job-long-poll.ts: held until jobs of the type exist or
 * `requestTimeout` passes; a negative timeout answers at once), completion, failure, BPMN error, and `PATCH`
 * of retries and timeout.
 */
import { Router as createRouter, type NextFunction, type Request, type Response, type Router } from 'express';
import type { ActivatedJob } from '../../../engine/engine-api';
import { type OpenRequests, pollForJobs } from '../../job-long-poll';
import type { RestContext } from '../context';
import {
  JobActivationBody,
  JobCompletionBody,
  JobErrorBody,
  JobFailBody,
  JobUpdateBody,
  parse,
  pathKey,
} from '../request-schemas';

function jobItem(job: ActivatedJob) {
  return {
    jobKey: job.key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    processDefinitionKey: job.processDefinitionKey,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: job.customHeaders,
    worker: job.worker,
    retries: job.retries,
    deadline: job.deadline,
    variables: job.variables,
    tenantId: job.tenantId,
    kind: job.listener?.kind ?? job.kind ?? 'BPMN_ELEMENT',
    listenerEventType: job.listener?.listenerEventType ?? 'UNSPECIFIED',
    ...(job.userTask ? { userTask: job.userTask } : {}),
  };
}

export function jobRoutes(ctx: RestContext, openPolls: OpenRequests): Router {
  const router = createRouter();

  router.post('/jobs/activation', (req: Request, res: Response, next: NextFunction) => {
    const body = parse(JobActivationBody, req.body);
    const command = {
      type: body.type,
      worker: body.worker ?? '',
      timeout: body.timeout,
      maxJobsToActivate: body.maxJobsToActivate,
      fetchVariable: body.fetchVariable,
    };
    const cancel = pollForJobs(ctx, command, body.requestTimeout ?? 0, openPolls, {
      jobs: (jobs) => res.json({ jobs: jobs.map(jobItem) }),
      empty: () => res.json({ jobs: [] }),
      // the problem+json every other route answers with (a journal that failed is a 503, as for completion)
      error: (err) => {
        if (!res.destroyed) next(err);
      },
      gone: () => res.destroyed,
    });
    res.on('close', cancel);
  });

  router.post('/jobs/:key/completion', async (req, res) => {
    const body = parse(JobCompletionBody, req.body);
    const key = pathKey(req.params.key, 'jobKey');
    const result = body.result;
    if (result && (result.type ?? 'userTask') === 'userTask') {
      ctx.engine.completeJobWithResult(key, body.variables ?? {}, {
        denied: result.denied ?? undefined,
        deniedReason: result.deniedReason ?? undefined,
        corrections: result.corrections ?? undefined,
      });
    } else if (result?.type === 'adHocSubProcess') {
      ctx.engine.completeAdHocJob(key, body.variables ?? {}, {
        activateElements: result.activateElements?.map((e) => ({
          elementId: e.elementId,
          variables: e.variables ?? undefined,
        })),
        isCompletionConditionFulfilled: result.isCompletionConditionFulfilled ?? undefined,
        isCancelRemainingInstances: result.isCancelRemainingInstances ?? undefined,
      });
    } else ctx.engine.completeJob(key, body.variables ?? {});
    await ctx.durable();
    res.status(204).end();
  });

  router.post('/jobs/:key/failure', async (req, res) => {
    const body = parse(JobFailBody, req.body);
    const key = pathKey(req.params.key, 'jobKey');
    ctx.engine.failJob(key, body.retries ?? 0, body.errorMessage ?? '', body.retryBackOff ?? 0, body.variables);
    await ctx.durable();
    res.status(204).end();
  });

  router.post('/jobs/:key/error', async (req, res) => {
    const body = parse(JobErrorBody, req.body);
    const key = pathKey(req.params.key, 'jobKey');
    ctx.engine.throwError(key, body.errorCode, body.errorMessage ?? '', body.variables ?? undefined);
    await ctx.durable();
    res.status(204).end();
  });

  router.patch('/jobs/:key', async (req, res) => {
    const { changeset } = parse(JobUpdateBody, req.body);
    const key = pathKey(req.params.key, 'jobKey');
    ctx.engine.updateJob(key, {
      retries: changeset.retries ?? undefined,
      timeout: changeset.timeout ?? undefined,
    });
    await ctx.durable();
    res.status(204).end();
  });

  return router;
}
