/**
 * Issue 2, point 5 (message start events) through the unmodified SDK over gRPC: a published message starts an
 * instance; while an instance started for a correlation key is active, another message with that key starts
 * none (Zeebe's one-active-instance-per-key rule) and waits buffered; once the instance ends, the buffered
 * message starts the next one. A message with TTL 0 that cannot start an instance is gone.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { noJobs, uniqueName as t, takeJobs } from './zeebe-harness';

const HOUR = 3_600_000;

const processes: TestProcess[] = [
  {
    id: t('order-flow'),
    elements: `<bpmn:startEvent id="placed"><bpmn:messageEventDefinition messageRef="m-placed"/></bpmn:startEvent>
      ${serviceTask('handle', t('handle'))}<bpmn:endEvent id="end"/>`,
    flows: ['placed -> handle -> end'],
    definitions: `<bpmn:message id="m-placed" name="${t('order-placed')}"/>`,
  },
];

describeWithEngine('message start events through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  const publish = (correlationKey: string, n: number, timeToLive = HOUR) =>
    sdk.zeebe.publishMessage({ name: t('order-placed'), correlationKey, timeToLive, variables: { n } });
  const nOf = (job: { variables: unknown }) => (job.variables as { n: number }).n;

  test('one active instance per correlation key; a buffered message starts the next once it ended', async () => {
    const { zeebe } = sdk;
    await publish('customer-1', 1);
    const [first] = await takeJobs(zeebe, t('handle'));
    expect(nOf(first)).toBe(1);
    expect(first.bpmnProcessId).toBe(t('order-flow'));

    await publish('customer-1', 2); // same key, first instance still active: buffered
    await publish('customer-1', 3, 0); // same key, no TTL: dropped
    await publish('customer-2', 4); // another key: starts at once
    const [other] = await takeJobs(zeebe, t('handle'));
    expect(nOf(other)).toBe(4);
    expect(await noJobs(zeebe, t('handle'))).toBe(true);

    await zeebe.completeJob({ jobKey: first.key, variables: {} });
    const [next] = await takeJobs(zeebe, t('handle'));
    expect(nOf(next)).toBe(2);
    expect(next.processInstanceKey).not.toBe(first.processInstanceKey);

    await zeebe.completeJob({ jobKey: next.key, variables: {} });
    await zeebe.completeJob({ jobKey: other.key, variables: {} });
    // the message with TTL 0 never started anything
    expect(await noJobs(zeebe, t('handle'))).toBe(true);
  });

  test('messages without a correlation key start an instance each', async () => {
    const { zeebe } = sdk;
    await publish('', 10);
    await publish('', 11);
    const jobs = await takeJobs(zeebe, t('handle'), 2);
    expect(jobs.map(nOf).sort()).toEqual([10, 11]);
    for (const job of jobs) await zeebe.completeJob({ jobKey: job.key, variables: {} });
  });
});
