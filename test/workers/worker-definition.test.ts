/**
 * defineWorker: a worker declares itself once. One that writes no variables and throws no BPMN error leaves
 * outputSchema and bpmnErrors out, and is then run as one that declared none: it completes with no variables,
 * and a BPMN error it throws anyway is an incident, not a ThrowError.
 */
import { z } from 'zod';
import { type ActivatedJobLike, decideJobOutcome } from '../../workers/run-job';
import { BpmnError, defineWorker, fetchVariables } from '../../workers/worker-definition';
import { jobContext, silentLogger } from './job-context';

function activatedJob(variables: unknown): ActivatedJobLike {
  const ignore = async () => undefined;
  return {
    key: '1',
    processInstanceKey: '2',
    bpmnProcessId: 'p',
    elementId: 'task',
    elementInstanceKey: '3',
    retries: 3,
    variables,
    complete: ignore,
    fail: ignore,
    error: ignore,
  };
}

describe('defineWorker', () => {
  const quiet = defineWorker({
    taskType: 'quiet-task',
    inputSchema: z.object({ orderId: z.string() }),
    createHandler: () => async (input) => {
      if (input.orderId === 'surprise') throw new BpmnError('SURPRISE', 'nobody declared this');
      return {};
    },
  });

  it('fills in what a worker left out: no output variables, no BPMN errors', () => {
    expect(quiet.taskType).toBe('quiet-task');
    expect(fetchVariables(quiet)).toEqual(['orderId']);
    expect(Object.keys(quiet.outputSchema.shape)).toEqual([]);
    expect(quiet.bpmnErrors).toEqual([]);
  });

  it('builds the handler it declared, typed from its schema', async () => {
    const handler = quiet.createHandler({ db: {} as never, logger: silentLogger });
    await expect(handler({ orderId: 'o-1' }, jobContext())).resolves.toEqual({});
  });

  it('completes with no variables and treats a BPMN error as undeclared', async () => {
    const handler = quiet.createHandler({ db: {} as never, logger: silentLogger });
    const run = (orderId: string) =>
      decideJobOutcome(quiet, handler, activatedJob({ orderId, extra: 1 }), { logger: silentLogger });
    expect(await run('o-1')).toEqual({ kind: 'completed', variables: {} });
    expect(await run('surprise')).toEqual({
      kind: 'failed',
      errorMessage: 'Worker quiet-task threw undeclared BPMN error SURPRISE: nobody declared this',
      retries: 0,
      retryBackOff: 0,
    });
  });
});
