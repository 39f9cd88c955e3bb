/**
 * The toolkit on a cluster whose reads trail its writes, simulated by a proxy in front of the engine's REST
 * API that shows each read what upstream answered a second ago (test/support/lagging-rest-proxy.ts), with
 * some indices trailing others as on Elasticsearch: an ended instance whose element rows are late is still
 * waited for, and negative assertions do not pass on reads that cannot see the rows yet.
 */
import { createProcessTest, type ProcessTest } from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { type LaggingProxy, startLaggingRestProxy } from '../support/lagging-rest-proxy';

const run = Date.now().toString(36);
const id = (name: string) => `lag-${name}-${run}`;
const LAG_MS = 1_000;
const SETTLE_MS = 2 * LAG_MS;

const linear = bpmnXml({
  id: id('linear'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('pack', id('pack'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> pack -> end'],
});
const stuckGateway = bpmnXml({
  id: id('gateway'),
  elements: '<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="big-order"/><bpmn:endEvent id="end"/>',
  flows: ['start -> big-order -> end [= amount > 100]'],
});

describeWithEngine('process-test toolkit on lagging reads', () => {
  let cluster: TestEngine;
  let proxy: LaggingProxy;
  let pt: ProcessTest;
  /** the same cluster read without lag, to know when the engine is done */
  let direct: ProcessTest;

  beforeAll(async () => {
    cluster = await startEngine();
    if (!cluster.restAddress) throw new Error('this suite needs the cluster REST address');
    proxy = await startLaggingRestProxy(cluster.restAddress, {
      '/v2/element-instances/search': LAG_MS,
      '/v2/incidents/search': LAG_MS,
    });
    pt = createProcessTest(proxy, { timeoutMs: 10_000, settleMs: SETTLE_MS, suite: 'lagging-reads' });
    direct = createProcessTest(cluster, { timeoutMs: 10_000, settleMs: 0, suite: 'lagging-reads-direct' });
    for (const [name, xml] of Object.entries({ linear, stuckGateway })) {
      await cluster.zeebe.deployResource({ name: `${name}.bpmn`, process: Buffer.from(xml) });
    }
  });
  afterAll(async () => {
    await proxy?.close();
    await cluster?.close();
  });

  /** an instance of the linear process that has completed, as the engine (not the lagging reads) says */
  async function completedInstance(): Promise<string> {
    const key = (await cluster.zeebe.createProcessInstance({ bpmnProcessId: id('linear'), variables: {} }))
      .processInstanceKey;
    await direct.completeJob(id('pack'), {}, { processInstanceKey: key });
    await direct.expectProcessInstance(key).toBeCompleted();
    await direct.expectProcessInstance(key).toHavePassedExactly('start', 'pack', 'end');
    return key;
  }

  it('waits for the element rows of an instance already shown as ended', async () => {
    const key = await completedInstance();
    const order = pt.expectProcessInstance(key);
    await order.toBeCompleted();
    await order.toHavePassedExactly('start', 'pack', 'end');
  });

  it('does not pass "not passed" on element rows that are not there yet', async () => {
    const key = await completedInstance();
    await expect(pt.expectProcessInstance(key).toHaveNotPassedElements('pack')).rejects.toThrow('passed: pack');
  });

  it('does not pass "no incidents" on incident rows that are not there yet', async () => {
    const key = (await cluster.zeebe.createProcessInstance({ bpmnProcessId: id('gateway'), variables: { amount: 5 } }))
      .processInstanceKey;
    await direct.expectProcessInstance(key).toHaveIncident({ elementId: 'big-order' });
    await expect(pt.expectProcessInstance(key).withTimeout(300).toHaveNoIncidents()).rejects.toThrow(
      'open incidents: big-order',
    );
    await expect(pt.expectNoIncidents([key])).rejects.toThrow(`${key} big-order: CONDITION_ERROR`);
  });
});
