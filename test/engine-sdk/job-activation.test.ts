/**
 * Issue 2, point 4 (activation) through the unmodified SDK over gRPC: ActivateJobs hands out jobs of a type
 * in job key order (as Zeebe's activatable index does), so a job whose lock timed out comes before younger
 * ones; at most maxJobsToActivate; locked to the worker until a deadline on the engine clock; carrying the
 * visible variables or only the fetchVariable names that exist.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { noJobs, uniqueName as t, takeJobs } from './zeebe-harness';

const processes: TestProcess[] = [
  {
    id: t('pick'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('pick', t('pick'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> pick -> end'],
  },
];

describeWithEngine('ActivateJobs through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  const activate = (worker: string, maxJobsToActivate: number, timeout = 60_000, fetchVariable?: string[]) =>
    sdk.zeebe.activateJobs({ type: t('pick'), worker, timeout, maxJobsToActivate, requestTimeout: -1, fetchVariable });

  test('in job key order, a timed-out job first; at most maxJobsToActivate; locked until the deadline', async () => {
    const { zeebe, engine } = sdk;
    const pinned = Date.parse('2031-03-01T08:00:00Z');
    await engine.clock.pin(pinned);
    try {
      const keys: string[] = [];
      for (const n of [1, 2, 3]) {
        const { processInstanceKey } = await zeebe.createProcessInstance({
          bpmnProcessId: t('pick'),
          variables: { n },
        });
        keys.push(processInstanceKey);
      }
      const [oldest] = await activate('first-worker', 1, 5_000);
      expect(oldest.processInstanceKey).toBe(keys[0]);
      expect(oldest.worker).toBe('first-worker');
      expect(Number(oldest.deadline)).toBe(pinned + 5_000);

      const two = await activate('second-worker', 2);
      expect(two.map((j) => j.processInstanceKey)).toEqual([keys[1], keys[2]]);
      expect(await noJobs(zeebe, t('pick'))).toBe(true);

      await engine.clock.advance(5_000); // the first lock runs out; the other two (60 s) stay locked
      // Zeebe notices a lock that ran out on a turn after the clock change: a long poll waits for it
      const [timedOut] = await takeJobs(zeebe, t('pick'));
      expect(timedOut.key).toBe(oldest.key);
      expect(await noJobs(zeebe, t('pick'))).toBe(true);
      // made activatable newest first: activation still hands them out in key order, the timed-out job first
      for (const job of [...two].reverse().concat(timedOut))
        await zeebe.failJob({ jobKey: job.key, retries: 3, errorMessage: 'again', retryBackOff: 0 });
      const all = await activate('third-worker', 10);
      expect(all.map((j) => j.processInstanceKey)).toEqual(keys);
      expect(all[0].key).toBe(oldest.key);
      for (const job of all) await zeebe.completeJob({ jobKey: job.key, variables: {} });
    } finally {
      await engine.clock.reset();
    }
  });

  test('fetchVariable returns only the named variables that exist', async () => {
    const { zeebe } = sdk;
    await zeebe.createProcessInstance({
      bpmnProcessId: t('pick'),
      variables: { orderId: 'o-7', customer: { name: 'Ada' }, secret: 'x' },
    });
    const [job] = await takeJobs(zeebe, t('pick'));
    await zeebe.failJob({ jobKey: job.key, retries: 3, errorMessage: 'look again', retryBackOff: 0 });
    const [again] = await activate('w', 1, 60_000, ['orderId', 'customer', 'not-there']);
    expect(again.variables).toEqual({ orderId: 'o-7', customer: { name: 'Ada' } });
    expect(job.variables).toEqual({ orderId: 'o-7', customer: { name: 'Ada' }, secret: 'x' });
    await zeebe.completeJob({ jobKey: again.key, variables: {} });
  });
});
