/**
 * The engine-sdk helpers on a cluster whose REST reads trail its writes, simulated by a proxy that shows
 * each read what the engine answered a second ago (test/support/lagging-rest-proxy.ts), the element rows
 * trailing the instance row as on Elasticsearch: untilEnded waits for the element rows too, and expectRead
 * neither passes an absence nor a "still ACTIVE" on a stale read. (The Camunda-like engine profile is the
 * real proof; this shows the helpers wait.)
 */
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { type LaggingProxy, startLaggingRestProxy } from '../support/lagging-rest-proxy';
import { sdkClient } from '../support/sdk-client';
import {
  completedElements,
  completeOne,
  expectRead,
  instanceState,
  type RemoteEngine,
  remote,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const LAG_MS = 1_000;

describeWithEngine('engine-sdk helpers on lagging reads', () => {
  let cluster: TestEngine;
  let proxy: LaggingProxy;
  let lagging: RemoteEngine;
  const previousSettle = process.env.PROCESS_TEST_SETTLE_MS;

  beforeAll(async () => {
    process.env.PROCESS_TEST_SETTLE_MS = String(2 * LAG_MS);
    cluster = await startEngine();
    if (!cluster.restAddress) throw new Error('this suite needs the cluster REST address');
    proxy = await startLaggingRestProxy(cluster.restAddress, {
      '/v2/element-instances/search': LAG_MS,
      '/v2/process-instances/search': LAG_MS / 2,
    });
    const camunda = sdkClient(cluster.grpcAddress, proxy.restAddress, { runCredentials: true });
    // the same cluster, read through the proxy: not the embedded engine as far as the helpers know
    lagging = remote({ ...cluster, camunda, engine: undefined });
    await cluster.zeebe.deployResource({
      name: 'lag.bpmn',
      process: Buffer.from(
        bpmnXml({
          id: t('lag'),
          elements: `<bpmn:startEvent id="start"/>${serviceTask('pack', t('pack'))}<bpmn:endEvent id="end"/>`,
          flows: ['start -> pack -> end'],
        }),
      ),
    });
  });
  afterAll(async () => {
    if (previousSettle === undefined) delete process.env.PROCESS_TEST_SETTLE_MS;
    else process.env.PROCESS_TEST_SETTLE_MS = previousSettle;
    await proxy?.close();
    await cluster?.close();
  });

  /** an instance that has completed, as the engine itself (not the lagging reads) says */
  async function completedInstance(): Promise<string> {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: t('lag'),
      variables: {},
    });
    await completeOne(cluster.zeebe, t('pack'));
    await untilEnded(remote(cluster), processInstanceKey);
    return processInstanceKey;
  }

  it('untilEnded waits for the element rows of an instance whose own row shows it ended', async () => {
    const { processInstanceKey: key } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: t('lag'),
      variables: {},
    });
    await completedElements(lagging, key); // the proxy watches this read from now on
    await completeOne(cluster.zeebe, t('pack'));
    expect(await untilEnded(lagging, key)).toBe('COMPLETED');
    expect(await completedElements(lagging, key)).toEqual(['start', 'pack', 'end']);
  });

  it('expectRead does not pass an absence on element rows that are not there yet', async () => {
    const key = await completedInstance();
    // a single read right now cannot see them: the absence it shows is stale
    expect(await completedElements(lagging, key)).not.toContain('pack');
    await expect(expectRead(lagging, () => completedElements(lagging, key), 500).not.toContain('pack')).rejects.toThrow(
      /not\.toContain/,
    );
  });

  it('expectRead does not pass "still ACTIVE" on a stale instance row', async () => {
    const { processInstanceKey: key } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: t('lag'),
      variables: {},
    });
    await expectRead(lagging, () => instanceState(lagging, key)).toBe('ACTIVE');
    await completeOne(cluster.zeebe, t('pack'));
    await untilEnded(remote(cluster), key);
    await expect(expectRead(lagging, () => instanceState(lagging, key), 500).toBe('ACTIVE')).rejects.toThrow(
      /COMPLETED/,
    );
  });
});
