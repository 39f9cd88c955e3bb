/**
 * Issue 2, points 3, 5 and 7 through the unmodified SDK over gRPC: message start, catch and boundary events,
 * buffering with TTL (expiry proven by moving the engine clock), one message per instance, timer catch and
 * boundary events (interrupting and not), receive tasks, and event sub-processes started by message and timer.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  expectRead,
  instanceState,
  noJobs,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const HOUR = 3_600_000;

const message = (id: string, name: string, key = '= orderId') =>
  `<bpmn:message id="${id}" name="${t(name)}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}"/></bpmn:extensionElements></bpmn:message>`;
const timer = (kind: 'timeDuration' | 'timeCycle' | 'timeDate', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

const processes: TestProcess[] = [
  {
    id: t('paid-on-message'),
    elements: `<bpmn:startEvent id="start"/><bpmn:receiveTask id="await-payment" messageRef="m-paid"/>
      <bpmn:intermediateCatchEvent id="cool-off">${timer('timeDuration', '= "PT" + string(hours) + "H"')}</bpmn:intermediateCatchEvent>
      ${serviceTask('ship', t('ship'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> await-payment -> cool-off -> ship -> end'],
    definitions: message('m-paid', 'payment-received'),
  },
  {
    id: t('started-by-message'),
    elements: `<bpmn:startEvent id="order-placed"><bpmn:messageEventDefinition messageRef="m-placed"/></bpmn:startEvent>
      ${serviceTask('confirm', t('confirm'))}<bpmn:endEvent id="end"/>`,
    flows: ['order-placed -> confirm -> end'],
    definitions: `<bpmn:message id="m-placed" name="${t('order-placed')}"/>`,
  },
  {
    id: t('supervised'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('pack', t('pack'))}<bpmn:endEvent id="packed"/>
      <bpmn:boundaryEvent id="nudge" attachedToRef="pack" cancelActivity="false">${timer('timeCycle', 'R2/PT1H')}</bpmn:boundaryEvent>
      ${serviceTask('remind', t('remind'))}<bpmn:endEvent id="reminded"/>
      <bpmn:boundaryEvent id="give-up" attachedToRef="pack">${timer('timeDuration', 'PT3H30M')}</bpmn:boundaryEvent>
      <bpmn:endEvent id="gave-up"/>
      <bpmn:boundaryEvent id="cancelled" attachedToRef="pack"><bpmn:messageEventDefinition messageRef="m-cancel"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="was-cancelled"/>`,
    flows: [
      'start -> pack -> packed',
      'nudge -> remind -> reminded',
      'give-up -> gave-up',
      'cancelled -> was-cancelled',
    ],
    definitions: message('m-cancel', 'cancel-packing'),
  },
  {
    id: t('with-event-subprocesses'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}<bpmn:endEvent id="end"/>
      <bpmn:subProcess id="status" triggeredByEvent="true">
        <bpmn:startEvent id="asked" isInterrupting="false"><bpmn:messageEventDefinition messageRef="m-status"/></bpmn:startEvent>
        ${serviceTask('report', t('report'))}<bpmn:endEvent id="reported"/>
        <bpmn:sequenceFlow id="s1" sourceRef="asked" targetRef="report"/><bpmn:sequenceFlow id="s2" sourceRef="report" targetRef="reported"/>
      </bpmn:subProcess>
      <bpmn:subProcess id="deadline" triggeredByEvent="true">
        <bpmn:startEvent id="expired">${timer('timeDuration', 'PT1H')}</bpmn:startEvent><bpmn:endEvent id="expired-end"/>
        <bpmn:sequenceFlow id="d1" sourceRef="expired" targetRef="expired-end"/>
      </bpmn:subProcess>`,
    flows: ['start -> work -> end'],
    definitions: message('m-status', 'status-requested'),
  },
];

describeWithEngine('messages, timers and event sub-processes through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('a buffered message correlates later within its TTL, once per process; a FEEL timer waits on the clock', async () => {
    const { zeebe, engine } = sdk;
    // the timers start on the engine clock while the reads below wait for a lagging cluster: a clock standing
    // still makes "2 h - 1 s later" mean that however long those reads take
    await engine.clock.pin(Date.now());
    await zeebe.publishMessage({
      name: t('payment-received'),
      correlationKey: 'o-1',
      timeToLive: HOUR,
      variables: { paid: 10 },
    });
    const first = await zeebe.createProcessInstance({
      bpmnProcessId: t('paid-on-message'),
      variables: { orderId: 'o-1', hours: 2 },
    });
    await pollFor('the buffered message to correlate', async () =>
      (await completedElements(engine, first.processInstanceKey)).includes('await-payment'),
    );
    // Zeebe correlates a message once per process (bpmnProcessId): a second instance waits for its own message
    const second = await zeebe.createProcessInstance({
      bpmnProcessId: t('paid-on-message'),
      variables: { orderId: 'o-1', hours: 2 },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expectRead(engine, () => completedElements(engine, second.processInstanceKey)).not.toContain('await-payment');
    await zeebe.publishMessage({
      name: t('payment-received'),
      correlationKey: 'o-1',
      timeToLive: 0,
      variables: { paid: 10 },
    });
    await pollFor('the second message to reach the second instance', async () =>
      (await completedElements(engine, second.processInstanceKey)).includes('await-payment'),
    );
    await engine.clock.advance(2 * HOUR - 1_000);
    expect(await noJobs(zeebe, t('ship'))).toBe(true);
    await engine.clock.advance(1_000);
    const shipped = await takeJobs(zeebe, t('ship'), 2);
    expect(shipped.map((j) => (j.variables as { paid?: number }).paid)).toEqual([10, 10]);
    for (const job of shipped) await zeebe.completeJob({ jobKey: job.key, variables: {} });
  });

  test('a message whose TTL ran out on the engine clock is gone; a duplicate messageId is ALREADY_EXISTS', async () => {
    const { zeebe, engine } = sdk;
    await zeebe.publishMessage({
      name: t('payment-received'),
      correlationKey: 'o-2',
      timeToLive: HOUR,
      messageId: 'pay-o-2',
    });
    await expect(
      zeebe.publishMessage({
        name: t('payment-received'),
        correlationKey: 'o-2',
        timeToLive: HOUR,
        messageId: 'pay-o-2',
      }),
    ).rejects.toThrow(/ALREADY_EXISTS/);
    await engine.clock.advance(HOUR + 1);
    const late = await zeebe.createProcessInstance({
      bpmnProcessId: t('paid-on-message'),
      variables: { orderId: 'o-2', hours: 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expectRead(engine, () => completedElements(engine, late.processInstanceKey)).not.toContain('await-payment');
    await zeebe.publishMessage({ name: t('payment-received'), correlationKey: 'o-2', timeToLive: 0, variables: {} });
    await pollFor('a fresh message to correlate', async () =>
      (await completedElements(engine, late.processInstanceKey)).includes('await-payment'),
    );
    await zeebe.cancelProcessInstance(late.processInstanceKey);
  });

  test('a message start event creates an instance with the message variables', async () => {
    const { zeebe } = sdk;
    await zeebe.publishMessage({
      name: t('order-placed'),
      correlationKey: '',
      timeToLive: 0,
      variables: { orderId: 'o-9' },
    });
    const job = await completeOne(zeebe, t('confirm'));
    expect(job.variables).toEqual({ orderId: 'o-9' });
    expect(job.bpmnProcessId).toBe(t('started-by-message'));
  });

  test('boundary timers: a non-interrupting cycle repeats while the task runs, an interrupting duration ends it', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('supervised'),
      variables: { orderId: 'p-1' },
    });
    const [pack] = await takeJobs(zeebe, t('pack'));
    await engine.clock.advance(HOUR);
    await engine.clock.advance(HOUR);
    await engine.clock.advance(HOUR); // R2: only two reminders
    const reminders = await takeJobs(zeebe, t('remind'), 2);
    expect(await noJobs(zeebe, t('remind'))).toBe(true);
    for (const job of reminders) await zeebe.completeJob({ jobKey: job.key, variables: {} });
    await engine.clock.advance(HOUR / 2);
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual([
      'start',
      'nudge',
      'nudge',
      'remind',
      'reminded',
      'remind',
      'reminded',
      'give-up',
      'gave-up',
    ]);
    await expect(zeebe.completeJob({ jobKey: pack.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test('a message boundary event interrupts the task it is attached to', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('supervised'),
      variables: { orderId: 'p-2' },
    });
    await takeJobs(zeebe, t('pack'));
    await zeebe.publishMessage({ name: t('cancel-packing'), correlationKey: 'p-2', timeToLive: 0 });
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'cancelled', 'was-cancelled']);
  });

  test('event sub-processes: a non-interrupting message start runs beside the work; a timer start interrupts', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('with-event-subprocesses'),
      variables: { orderId: 'e-1' },
    });
    const [work] = await takeJobs(zeebe, t('work'));
    await zeebe.publishMessage({ name: t('status-requested'), correlationKey: 'e-1', timeToLive: 0 });
    await completeOne(zeebe, t('report'));
    await pollFor('the status sub-process to finish', async () =>
      (await completedElements(engine, key)).includes('status'),
    );
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await engine.clock.advance(HOUR);
    await untilEnded(engine, key);
    expect((await completedElements(engine, key)).slice(-3)).toEqual(['expired', 'expired-end', 'deadline']);
    await expect(zeebe.completeJob({ jobKey: work.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });
});
