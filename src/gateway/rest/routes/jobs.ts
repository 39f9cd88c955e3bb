/**
 * Jobs: activation with long polling (held until jobs of the type exist or `requestTimeout` passes; a
 * negative timeout answers at once), completion, failure, BPMN error, and `PATCH` of retries and timeout.
 */
import { Router as createRouter, type Request, type Response, type Router } from 'express';
import type { ActivatedJob } from '../../../engine/engine-api';
import { DEFAULT_LONG_POLLING_TIMEOUT_MS } from '../../grpc/activate-jobs';
import type { RestContext } from '../context';
import { sendProblem } from '../problem';
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
    kind: 'BPMN_ELEMENT',
    listenerEventType: 'UNSPECIFIED',
  };
}

export function jobRoutes(ctx: RestContext, openPolls: Set<() => void>): Router {
  const router = createRouter();

  router.post('/jobs/activation', (req: Request, res: Response) => {
    const body = parse(JobActivationBody, req.body);
    const command = {
      type: body.type,
      worker: body.worker ?? '',
      timeout: body.timeout,
      maxJobsToActivate: body.maxJobsToActivate,
      fetchVariable: body.fetchVariable,
    };
    let done = false;
    let unsubscribe = () => {};
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (done) return false;
      done = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      openPolls.delete(answerEmpty);
      return true;
    };
    const answerEmpty = () => {
      if (finish()) res.json({ jobs: [] });
    };
    const tryActivate = (): boolean => {
      const jobs = ctx.engine.activateJobs(command);
      if (jobs.length === 0) return false;
      finish();
      ctx.durable().then(
        () => {
          if (res.destroyed) {
            for (const job of jobs)
              ctx.engine.failJob(job.key, job.retries, 'Failed to send activated jobs to client', 0);
            return;
          }
          res.json({ jobs: jobs.map(jobItem) });
        },
        (err) => {
          ctx.logger.error({ err }, 'activated jobs could not be made durable');
          if (!res.destroyed) {
            sendProblem(
              res,
              500,
              'INTERNAL',
              'The activated jobs could not be recorded (see the engine log)',
              req.originalUrl.split('?')[0],
            );
          }
        },
      );
      return true;
    };

    if (tryActivate()) return;
    const requestTimeout = body.requestTimeout ?? 0;
    if (requestTimeout < 0) return answerEmpty();
    openPolls.add(answerEmpty);
    res.on('close', () => finish());
    unsubscribe = ctx.engine.onJobsAvailable(command.type, () => {
      if (!done) queueMicrotask(() => !done && tryActivate());
    });
    timer = setTimeout(answerEmpty, requestTimeout === 0 ? DEFAULT_LONG_POLLING_TIMEOUT_MS : requestTimeout);
  });

  router.post('/jobs/:key/completion', async (req, res) => {
    const body = parse(JobCompletionBody, req.body);
    ctx.engine.completeJob(pathKey(req.params.key, 'jobKey'), body.variables ?? {});
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
    if (changeset.retries != null) ctx.engine.updateJobRetries(key, changeset.retries);
    if (changeset.timeout != null) ctx.engine.updateJobTimeout(key, changeset.timeout);
    await ctx.durable();
    res.status(204).end();
  });

  return router;
}
