/**
 * Issue 20: a token loop without a wait state, through the unmodified SDK over gRPC (and against a real
 * Camunda with TEST_ENGINE=container): it keeps running while other calls are answered, a
 * CreateProcessInstanceWithResult of a long loop answers with its result, and CancelProcessInstance stops it.
 */
import type { TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { COUNTING_LOOP, THROW_LOOP } from '../support/loop-processes';
import { sdkCluster } from './sdk-cluster';
import { instanceState, uniqueName as t, untilEnded } from './zeebe-harness';

const named = (p: TestProcess): TestProcess => ({ ...p, id: t(p.id) });

describeWithEngine('a token loop without a wait state, over gRPC', () => {
  const sdk = sdkCluster(named(THROW_LOOP), named(COUNTING_LOOP));

  test('runs while other calls are answered; CancelProcessInstance stops it', async () => {
    const { zeebe } = sdk;
    const loop = await zeebe.createProcessInstance({ bpmnProcessId: t(THROW_LOOP.id), variables: {} });
    const counted = await zeebe.createProcessInstanceWithResult({
      bpmnProcessId: t(COUNTING_LOOP.id),
      variables: { i: 0, limit: 2000 },
      requestTimeout: 60_000,
    });
    expect(counted.variables).toEqual({ i: 2000, limit: 2000 });
    expect((await zeebe.topology()).brokers.length).toBeGreaterThan(0);

    await zeebe.cancelProcessInstance(loop.processInstanceKey);
    expect(await untilEnded(sdk.engine, loop.processInstanceKey, 20_000)).toBe('TERMINATED');
    expect(await instanceState(sdk.engine, loop.processInstanceKey)).toBe('TERMINATED');
  });
});
