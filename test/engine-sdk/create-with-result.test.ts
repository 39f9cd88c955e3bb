/**
 * Issue 2, point 8 (CreateProcessInstanceWithResult) through the unmodified SDK over gRPC: the call answers
 * once the instance completes, with all its variables or only the fetchVariables; when requestTimeout passes
 * first it ends with DEADLINE_EXCEEDED and the instance carries on.
 */
import * as grpc from '@grpc/grpc-js';
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { expectRead, instanceState, uniqueName as t, takeJobs, untilEnded } from './zeebe-harness';

const processes: TestProcess[] = [
  {
    id: t('quote'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('price', t('price'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> price -> end'],
  },
];

describeWithEngine('CreateProcessInstanceWithResult through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('answers when the instance completes, with every variable, or only the fetchVariables', async () => {
    const { zeebe } = sdk;
    const all = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: t('quote'),
      variables: { item: 'desk' },
      requestTimeout: 20_000,
    });
    const some = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: t('quote'),
      variables: { item: 'chair' },
      requestTimeout: 20_000,
      fetchVariables: ['price', 'missing'],
    });
    const jobs = await takeJobs(zeebe, t('price'), 2);
    for (const job of jobs) {
      const item = (job.variables as { item: string }).item;
      await zeebe.completeJob({ jobKey: job.key, variables: { price: item.length, currency: 'EUR' } });
    }
    const [a, b] = await Promise.all([all, some]);
    expect(a.variables).toEqual({ item: 'desk', price: 4, currency: 'EUR' });
    expect(b.variables).toEqual({ price: 5 });
    expect(a.bpmnProcessId).toBe(t('quote'));
    expect(a.processInstanceKey).toMatch(/^\d+$/);
  });

  test('when requestTimeout passes first the call is DEADLINE_EXCEEDED and the instance goes on', async () => {
    const { zeebe, engine } = sdk;
    const error = await zeebe
      .createProcessInstanceWithResult({ bpmnProcessId: t('quote'), variables: { item: 'lamp' }, requestTimeout: 300 })
      .then(
        () => ({ code: grpc.status.OK }),
        (e: { code: number }) => e,
      );
    expect(error.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    const [job] = await takeJobs(zeebe, t('price'));
    expect(job.variables).toEqual({ item: 'lamp' });
    await expectRead(engine, () => instanceState(engine, job.processInstanceKey)).toBe('ACTIVE');
    await zeebe.completeJob({ jobKey: job.key, variables: {} });
    expect(await untilEnded(engine, job.processInstanceKey)).toBe('COMPLETED');
  });
});
