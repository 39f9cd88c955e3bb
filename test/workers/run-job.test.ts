/**
 * The job runner turns a handler's result into exactly one job command: complete, ThrowError, or fail with
 * the right retries. Recorded against a job object shaped like the SDK's.
 */
import { z } from 'zod';
import { type ActivatedJobLike, defaultRetryBackOffMs, runJob } from '../../workers/run-job';
import { BpmnError, defineWorker, NonRetryableError } from '../../workers/worker-definition';
import { silentLogger } from './job-context';

const definition = defineWorker({
  taskType: 'test-task',
  inputSchema: z.object({
    orderId: z.string().min(1),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })),
  }),
  outputSchema: z.object({ done: z.boolean() }),
  bpmnErrors: ['KNOWN_ERROR'],
  createHandler: () => async () => ({ done: true }),
});

function recordingJob(variables: unknown, retries = 3) {
  const calls: { method: string; args: unknown }[] = [];
  const job: ActivatedJobLike = {
    key: '42',
    processInstanceKey: '7',
    bpmnProcessId: 'p',
    elementId: 'the-task',
    elementInstanceKey: '8',
    retries,
    variables,
    complete: async (v) => void calls.push({ method: 'complete', args: v }),
    fail: async (f) => void calls.push({ method: 'fail', args: f }),
    error: async (e) => void calls.push({ method: 'error', args: e }),
  };
  return { job, calls };
}

const valid = { orderId: 'o-1', items: [{ sku: 'A', quantity: 1 }] };
const options = { logger: silentLogger, retryBackOffMs: (left: number) => 1000 * left };

describe('runJob', () => {
  it('completes with the handler output, checked against the output schema', async () => {
    const { job, calls } = recordingJob(valid);
    await runJob(definition, async (input) => ({ done: input.orderId === 'o-1' }), job, options);
    expect(calls).toEqual([{ method: 'complete', args: { done: true } }]);
  });

  it('fails with retries 0 and names each bad input field', async () => {
    const { job, calls } = recordingJob({ orderId: '', items: [{ sku: 'A', quantity: 0 }] });
    let handlerRan = false;
    await runJob(
      definition,
      async () => {
        handlerRan = true;
        return { done: true };
      },
      job,
      options,
    );
    expect(handlerRan).toBe(false);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'fail', args: { retries: 0, retryBackOff: 0 } });
    const message = (calls[0].args as { errorMessage: string }).errorMessage;
    expect(message).toContain('Invalid input variables for test-task (element the-task)');
    expect(message).toContain('orderId:');
    expect(message).toContain('items[0].quantity:');
  });

  it('names a missing variable', async () => {
    const { job, calls } = recordingJob({ orderId: 'o-1' });
    await runJob(definition, async () => ({ done: true }), job, options);
    expect((calls[0].args as { errorMessage: string }).errorMessage).toMatch(
      /items: .*expected array, received undefined/,
    );
  });

  it('throws a declared BPMN error with its variables', async () => {
    const { job, calls } = recordingJob(valid);
    await runJob(
      definition,
      async () => {
        throw new BpmnError('KNOWN_ERROR', 'it went wrong', { failureReason: 'why' });
      },
      job,
      options,
    );
    expect(calls).toEqual([
      {
        method: 'error',
        args: { errorCode: 'KNOWN_ERROR', errorMessage: 'it went wrong', variables: { failureReason: 'why' } },
      },
    ]);
  });

  it('turns an undeclared BPMN error into an incident instead of throwing it', async () => {
    const { job, calls } = recordingJob(valid);
    await runJob(
      definition,
      async () => {
        throw new BpmnError('SURPRISE', 'nobody catches this');
      },
      job,
      options,
    );
    expect(calls).toEqual([
      {
        method: 'fail',
        args: { errorMessage: expect.stringContaining('undeclared BPMN error SURPRISE'), retries: 0, retryBackOff: 0 },
      },
    ]);
  });

  it('fails a technical error with one retry less and a backoff', async () => {
    const { job, calls } = recordingJob(valid, 3);
    await runJob(
      definition,
      async () => {
        throw new Error('connection refused');
      },
      job,
      options,
    );
    expect(calls).toEqual([
      {
        method: 'fail',
        args: { errorMessage: 'test-task failed: connection refused', retries: 2, retryBackOff: 2000 },
      },
    ]);
  });

  it('raises the incident when the last retry fails', async () => {
    const { job, calls } = recordingJob(valid, 1);
    await runJob(
      definition,
      async () => {
        throw new Error('still down');
      },
      job,
      options,
    );
    expect(calls).toEqual([
      { method: 'fail', args: { errorMessage: 'test-task failed: still down', retries: 0, retryBackOff: 0 } },
    ]);
  });

  it('fails a non-retryable error with retries 0', async () => {
    const { job, calls } = recordingJob(valid, 3);
    await runJob(
      definition,
      async () => {
        throw new NonRetryableError('order o-1 is already completed');
      },
      job,
      options,
    );
    expect(calls).toEqual([
      {
        method: 'fail',
        args: { errorMessage: 'test-task cannot proceed: order o-1 is already completed', retries: 0, retryBackOff: 0 },
      },
    ]);
  });

  it('treats invalid output as a bug: retries 0', async () => {
    const { job, calls } = recordingJob(valid);
    await runJob(definition, async () => ({ done: 'yes' }) as unknown as { done: boolean }, job, options);
    expect(calls[0]).toMatchObject({ method: 'fail', args: { retries: 0 } });
    expect((calls[0].args as { errorMessage: string }).errorMessage).toContain('invalid output variables: done:');
  });

  it('backs off exponentially by default, capped at a minute', () => {
    expect([2, 1, 0, -5].map(defaultRetryBackOffMs)).toEqual([1000, 2000, 4000, 60_000]);
  });
});
