/**
 * The process-test toolkit against a cluster from test/support/engine.ts (embedded by default; a real
 * Camunda with TEST_ENGINE=container): each assertion passes on an instance in that state and fails, with
 * the element history, on one that is not; the clock and job helpers drive tiny processes built in code.
 */
import { createProcessTest, type ProcessTest } from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const run = Date.now().toString(36);
const id = (name: string) => `pt-${name}-${run}`;

const linear = bpmnXml({
  id: id('linear'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('pack', id('pack'))}${serviceTask('ship', id('ship'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> pack -> ship -> end'],
});

const withTimer = bpmnXml({
  id: id('timer'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait-two-hours"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> wait-two-hours -> end'],
});

const withErrorBoundary = bpmnXml({
  id: id('error'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', id('charge'))}
    <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="err-declined"/></bpmn:boundaryEvent>
    <bpmn:endEvent id="paid"/><bpmn:endEvent id="rejected"/>`,
  flows: ['start -> charge -> paid', 'declined -> rejected'],
  definitions: '<bpmn:error id="err-declined" errorCode="DECLINED"/>',
});

const stuckGateway = bpmnXml({
  id: id('gateway'),
  elements: '<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="big-order"/><bpmn:endEvent id="end"/>',
  flows: ['start -> big-order -> end [= amount > 100]'],
});

describeWithEngine('process-test toolkit', () => {
  let cluster: TestEngine;
  let pt: ProcessTest;

  beforeAll(async () => {
    cluster = await startEngine();
    pt = createProcessTest(cluster, { timeoutMs: cluster.engine ? 5_000 : 60_000, settleMs: settleMsFor(cluster) });
    for (const [name, xml] of Object.entries({ linear, withTimer, withErrorBoundary, stuckGateway })) {
      await cluster.zeebe.deployResource({ name: `${name}.bpmn`, process: Buffer.from(xml) });
    }
  });
  afterAll(async () => {
    await pt?.clock.reset();
    await cluster?.close();
  });

  const start = async (processId: string, variables: Record<string, string | number | boolean> = {}) =>
    (await cluster.zeebe.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;

  /** An assertion that must fail quickly, with its message. */
  async function failureOf(assertion: Promise<void>): Promise<string> {
    const error = await assertion.then(
      () => undefined,
      (err: Error) => err,
    );
    if (!error) throw new Error('the assertion passed, but it should have failed');
    return error.message;
  }

  it('follows an instance through jobs completed from the test, with its variables', async () => {
    const key = await start(id('linear'), { orderId: 'o-1' });
    const order = pt.expectProcessInstance(key).withTimeout(cluster.engine ? 2_000 : 60_000);
    await order.toBeActive();
    await order.toBeWaitingAt('pack');
    await order.toBeWaitingOnlyAt('pack');

    const packed = await pt.completeJob(id('pack'), { parcels: 2, label: { carrier: 'parcelco' } });
    expect(packed).toMatchObject({ processInstanceKey: key, elementId: 'pack', variables: { orderId: 'o-1' } });
    await order.toBeWaitingAt('ship');
    // longer than the 8 KiB a variable search returns by default: the toolkit asks for full values
    const notes = 'fragile '.repeat(1_500);
    await pt.completeJob(id('ship'), { shippedAt: '2025-01-01', notes });

    await order.toBeCompleted();
    await order.toHavePassedElements('ship', 'pack');
    await order.toHavePassedElementsInOrder('pack', 'ship');
    await order.toHavePassedExactly('start', 'pack', 'ship', 'end');
    await order.toHaveNotPassedElements('nowhere');
    await order.toHaveNoIncidents();
    await order.toHaveVariables({ orderId: 'o-1', parcels: 2, label: { carrier: 'parcelco' } });
    await order.toHaveVariables({ shippedAt: expect.any(String), notes });
  });

  it('fails with the element history when the instance is not where the test says', async () => {
    const key = await start(id('linear'));
    // the full timeout for the instance to show: on a lagging cluster that takes up to a flush (0.5 s)
    await pt.expectProcessInstance(key).toBeWaitingAt('pack');
    const order = pt.expectProcessInstance(key).withTimeout(300);
    await order.toBeWaitingAt('pack');

    const message = await failureOf(order.toBeCompleted());
    expect(message).toContain(
      `expectProcessInstance(${key}).toBeCompleted() failed within 300 ms: the instance is ACTIVE`,
    );
    expect(message).toMatch(
      /element history:\n\s+1\. start\s+START_EVENT\s+COMPLETED\n\s+2\. pack\s+SERVICE_TASK\s+ACTIVE/,
    );

    expect(await failureOf(order.toHavePassedElements('pack'))).toContain('not passed: pack');
    expect(await failureOf(order.toBeWaitingAt('ship'))).toContain('not active: ship');
    expect(await failureOf(order.toHaveVariables({ parcels: 2 }))).toContain(
      'toHaveVariables({ parcels: 2 }) failed within 300 ms: parcels is not set',
    );

    await pt.completeJob(id('pack'), {}, { processInstanceKey: key });
    await pt.completeJob(id('ship'), {}, { processInstanceKey: key });
    await order.withTimeout(5_000).toBeCompleted();
    // once ended, a wrong expectation fails at once instead of waiting out the timeout
    const wrongOrder = await failureOf(order.withTimeout(60_000).toHavePassedElementsInOrder('ship', 'pack'));
    expect(wrongOrder).toContain('(the instance has ended): passed in this order: pack → ship');
    expect(await failureOf(order.toHaveNotPassedElements('pack'))).toContain('passed: pack');
    expect(await failureOf(order.toHavePassedExactly('start', 'ship', 'end'))).toContain(
      'passed: start → pack → ship → end',
    );
    expect(await failureOf(order.toBeTerminated())).toContain('the instance is COMPLETED');
  });

  it('completes the job of the instance asked for, handing others back', async () => {
    const first = await start(id('linear'), { n: 1 });
    const second = await start(id('linear'), { n: 2 });
    await pt.expectProcessInstance(second).toBeWaitingAt('pack');
    const job = await pt.completeJob(id('pack'), { picked: true }, { processInstanceKey: second });
    expect(job.processInstanceKey).toBe(second);
    await pt.expectProcessInstance(second).toBeWaitingAt('ship');
    await pt.expectProcessInstance(first).toBeWaitingOnlyAt('pack');
    // the first instance's job is still there to take
    expect((await pt.completeJob(id('pack'), {}, { processInstanceKey: first })).processInstanceKey).toBe(first);
    await expect(pt.completeJob(id('nobody-has-this-type'), {}, { timeoutMs: 50 })).rejects.toThrow(
      `No job of type '${id('nobody-has-this-type')}' could be activated within 50 ms`,
    );
  });

  it('throws a BPMN error from the test, caught by the boundary event', async () => {
    const key = await start(id('error'));
    await pt.throwBpmnError(id('charge'), 'DECLINED', {
      errorMessage: 'card declined',
      variables: { reason: 'insufficient funds' },
      processInstanceKey: key,
    });
    const payment = pt.expectProcessInstance(key);
    await payment.toBeCompleted();
    await payment.toHavePassedExactly('start', 'declined', 'rejected');
    await payment.toHaveNotActivatedElements('paid');
  });

  it('advances the engine clock by an ISO duration so a timer fires', async () => {
    const key = await start(id('timer'));
    const waiting = pt.expectProcessInstance(key);
    await waiting.toBeWaitingAt('wait-two-hours');
    await pt.clock.advance('PT1H');
    await waiting.withTimeout(300).toBeWaitingAt('wait-two-hours');
    expect(await failureOf(waiting.withTimeout(300).toBeCompleted())).toContain('the instance is ACTIVE');
    const before = pt.clock.now();
    await pt.clock.advance('PT1H1S');
    expect(pt.clock.now() - before).toBe(3_601_000);
    await waiting.toBeCompleted();
    await waiting.toHavePassedExactly('start', 'wait-two-hours', 'end');
    await pt.clock.reset();
    expect(pt.clock.isPinned()).toBe(false);
  });

  it('sees an incident, and a terminated instance', async () => {
    const key = await start(id('gateway'), { amount: 5 });
    const stuck = pt.expectProcessInstance(key);
    await stuck.toHaveIncident({ elementId: 'big-order', errorType: 'CONDITION_ERROR' });
    await stuck.toHaveIncident({ messageContains: 'Expected at least one condition to evaluate to true' });
    const wrong = await failureOf(stuck.withTimeout(300).toHaveIncident({ elementId: 'end' }));
    expect(wrong).toMatch(/open incidents: big-order: CONDITION_ERROR: Expected at least one condition/);
    expect(await failureOf(stuck.withTimeout(300).toHaveNoIncidents())).toContain('open incidents: big-order');
    await expect(pt.expectNoIncidents([key])).rejects.toThrow(`${key} big-order: CONDITION_ERROR`);

    await cluster.zeebe.cancelProcessInstance(key);
    await stuck.toBeTerminated();
    await stuck.toHaveNoIncidents();
  });

  it('says which call failed when the instance does not exist', async () => {
    const message = await failureOf(pt.expectProcessInstance('2251799813999999').withTimeout(100).toBeActive());
    expect(message).toContain('process instance 2251799813999999: not found');
  });
});
