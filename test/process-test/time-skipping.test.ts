/**
 * Issue 28 item 6, time skipping: clock.skipToNextTimer() moves the engine clock just past the earliest timer
 * an instance waits on without the test knowing its duration (catch events and boundary timers, the order
 * SLA's path among them), clock.runUntilIdle() repeats that while the instance waits on timers only, bounded
 * by maxTimers, and a test's skips are undone by clock.reset() in afterEach.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProcessTest, type ProcessTest } from '../../src/process-test';
import { timerCatchers } from '../../src/process-test/timer-catchers';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const run = Date.now().toString(36);
const id = (name: string) => `ts-${name}-${run}`;
const timer = (elementId: string, duration: string) =>
  `<bpmn:intermediateCatchEvent id="${elementId}"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

/** three timers in a row: an hour, three days, then a literal FEEL string of ten minutes */
const chained = bpmnXml({
  id: id('chained'),
  elements: `<bpmn:startEvent id="start"/>${timer('cool-off', 'PT1H')}${timer('grace', 'P3D')}${timer('last', '=&quot;PT10M&quot;')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> cool-off -> grace -> last -> end'],
});

/** a service task guarded by an interrupting SLA timer, like order-fulfilment's shipment SLA */
const withSla = bpmnXml({
  id: id('sla'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('ship', id('ship'))}
    <bpmn:boundaryEvent id="sla-breached" attachedToRef="ship"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="shipped"/><bpmn:endEvent id="escalated"/>`,
  flows: ['start -> ship -> shipped', 'sla-breached -> escalated'],
});

/** an event-based gateway racing a message against a day's timer */
const racing = bpmnXml({
  id: id('racing'),
  elements: `<bpmn:startEvent id="start"/><bpmn:eventBasedGateway id="first-of"/>
    <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>
    ${timer('a-day-later', 'P1D')}<bpmn:endEvent id="done"/><bpmn:endEvent id="expired"/>`,
  flows: ['start -> first-of', 'first-of -> paid -> done', 'first-of -> a-day-later -> expired'],
  definitions: `<bpmn:message id="msg" name="${id('paid')}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>`,
});

/** a timer set by a variable: the toolkit cannot tell when it falls due */
const byExpression = bpmnXml({
  id: id('expression'),
  elements: `<bpmn:startEvent id="start"/>${timer('wait', '= delay')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> wait -> end'],
});

const orderModel = readFileSync(join(__dirname, '../../bpmn/order-fulfilment.bpmn'), 'utf8');

describe('timerCatchers', () => {
  it('reads the order SLA boundary timer from the shipped model', () => {
    const xml = orderModel;
    expect(timerCatchers(xml)).toEqual([
      {
        elementId: 'shipment-sla-breached',
        kind: 'boundaryEvent',
        attachedToRef: 'create-shipment',
        timer: 'timeDuration',
        value: 'PT2H',
      },
    ]);
  });

  it('unwraps a FEEL string literal and keeps other expressions as they are', () => {
    expect(timerCatchers(chained).map((t) => t.value)).toEqual(['PT1H', 'P3D', 'PT10M']);
    expect(timerCatchers(byExpression).map((t) => t.value)).toEqual(['= delay']);
    expect(timerCatchers(racing)).toMatchObject([{ elementId: 'a-day-later', afterGateway: 'first-of' }]);
  });
});

describeWithEngine('clock time skipping', () => {
  let cluster: TestEngine;
  let pt: ProcessTest;

  beforeAll(async () => {
    cluster = await startEngine();
    pt = createProcessTest(cluster, { timeoutMs: cluster.engine ? 5_000 : 60_000, settleMs: settleMsFor(cluster) });
    for (const [name, xml] of Object.entries({
      chained,
      withSla,
      byExpression,
      racing,
      'order-fulfilment': orderModel,
    })) {
      await cluster.zeebe.deployResource({ name: `${name}.bpmn`, process: Buffer.from(xml) });
    }
    // the decision the order model's choose-carrier calls
    await cluster.zeebe.deployResource({ decisionFilename: join(__dirname, '../../bpmn/shipping-carrier.dmn') });
  });
  // every test's skips are undone: the next one starts on system time
  afterEach(async () => {
    await pt?.clock.reset();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const start = async (processId: string, variables: Record<string, string | number> = {}) =>
    (await cluster.zeebe.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;

  it('skips to the SLA timer without knowing its duration and takes the escalation path', async () => {
    const key = await start(id('sla'));
    const order = pt.expectProcessInstance(key);
    await order.toBeWaitingAt('ship');
    const before = pt.clock.now();
    const skipped = await pt.clock.skipToNextTimer(key);
    expect(skipped).toMatchObject({ processInstanceKey: key, elementId: 'sla-breached' });
    // just past two hours from when the task started
    expect(pt.clock.now() - before).toBeGreaterThan(7_100_000);
    expect(pt.clock.now() - before).toBeLessThan(7_300_000);
    await order.toBeCompleted();
    await order.toHavePassedExactly('start', 'sla-breached', 'escalated');
    await order.toHaveTerminatedElements('ship');
  });

  it("takes the order model's shipment SLA path without the test knowing the SLA", async () => {
    const key = await start('order-fulfilment', { orderId: `ts-order-${run}`, customerId: 'ts-customer', amount: 7 });
    // only this instance's jobs: other suites may share the cluster
    for (const type of ['register-order', 'charge-payment', 'reserve-inventory']) {
      await pt.completeJob(type, {}, { processInstanceKey: key });
    }
    const order = pt.expectProcessInstance(key);
    await order.toBeWaitingAt('create-shipment');
    expect(await pt.clock.skipToNextTimer(key)).toMatchObject({ elementId: 'shipment-sla-breached' });
    await order.toHaveTerminatedElements('create-shipment');
    await order.toHavePassedElements('shipment-sla-breached');
  });

  it('skips one timer at a time, the earliest first', async () => {
    const key = await start(id('chained'));
    const waiting = pt.expectProcessInstance(key);
    await waiting.toBeWaitingAt('cool-off');
    expect(await pt.clock.skipToNextTimer(key)).toMatchObject({ elementId: 'cool-off' });
    await waiting.toBeWaitingAt('grace');
    expect(pt.clock.isPinned()).toBe(true);
  });

  it('runs until idle: every timer in turn until the instance ends', async () => {
    const key = await start(id('chained'));
    await pt.expectProcessInstance(key).toBeWaitingAt('cool-off');
    const skipped = await pt.clock.runUntilIdle(key);
    expect(skipped.map((t) => t.elementId)).toEqual(['cool-off', 'grace', 'last']);
    await pt.expectProcessInstance(key).toBeCompleted();
  });

  it('defaults to the instances the running test looked at (not those of earlier tests)', async () => {
    const key = await start(id('chained'));
    await pt.expectProcessInstance(key).toBeWaitingAt('cool-off');
    const skipped = await pt.clock.runUntilIdle();
    expect(skipped.map((t) => t.processInstanceKey)).toContain(key);
    await pt.expectProcessInstance(key).toBeCompleted();
  });

  it('stops at a wait that is not only a timer (a job with a boundary timer)', async () => {
    const key = await start(id('sla'));
    await pt.expectProcessInstance(key).toBeWaitingAt('ship');
    expect(await pt.clock.runUntilIdle(key)).toEqual([]);
    expect(pt.clock.isPinned()).toBe(false);
  });

  it('skips the timer behind an event-based gateway', async () => {
    const key = await start(id('racing'), { orderId: `ts-${run}` });
    await pt.expectProcessInstance(key).toBeWaitingAt('first-of');
    const skipped = await pt.clock.runUntilIdle(key);
    expect(skipped.map((t) => t.elementId)).toEqual(['a-day-later']);
    await pt.expectProcessInstance(key).toBeCompleted();
    await pt.expectProcessInstance(key).toHavePassedExactly('start', 'first-of', 'a-day-later', 'expired');
  });

  it('is bounded by maxTimers', async () => {
    const key = await start(id('chained'));
    await pt.expectProcessInstance(key).toBeWaitingAt('cool-off');
    await expect(pt.clock.runUntilIdle(key, { maxTimers: 1 })).rejects.toThrow(
      /still waiting on timers after 1 \(next: grace\)/,
    );
  });

  it('refuses a timer set by an expression, naming it', async () => {
    const key = await start(id('expression'), { delay: 'PT5M' });
    await pt.expectProcessInstance(key).toBeWaitingAt('wait');
    await expect(pt.clock.skipToNextTimer(key)).rejects.toThrow(/wait \(= delay\).*clock\.advance/);
  });

  it('finds nothing to skip on an ended instance', async () => {
    const key = await start(id('chained'));
    await pt.expectProcessInstance(key).toBeWaitingAt('cool-off');
    await pt.clock.runUntilIdle(key);
    expect(await pt.clock.skipToNextTimer(key)).toBeUndefined();
  });
});
