/**
 * Issue 9, point 3, through the unmodified SDK over gRPC: an event-based gateway waits on a message, a
 * signal and a timer branch; the first event wins (its variables arrive) and the other subscriptions are
 * gone — a later message, signal or timer changes nothing.
 */
import type { TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  expectRead,
  instanceState,
  rootVariables,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const HOUR = 3_600_000;

const processes: TestProcess[] = [
  {
    id: t('await-payment'),
    elements: `<bpmn:startEvent id="start"/><bpmn:eventBasedGateway id="wait"/>
      <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="m-paid"/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="recalled"><bpmn:signalEventDefinition signalRef="s-recall"/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="overdue"><bpmn:timerEventDefinition><bpmn:timeDuration>= "P" + string(days) + "D"</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="settled"/><bpmn:endEvent id="withdrawn"/><bpmn:endEvent id="escalated"/>`,
    flows: ['start -> wait -> paid -> settled', 'wait -> recalled -> withdrawn', 'wait -> overdue -> escalated'],
    definitions: `<bpmn:message id="m-paid" name="${t('payment')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= invoice"/></bpmn:extensionElements></bpmn:message>
      <bpmn:signal id="s-recall" name="${t('recall')}"/>`,
  },
];

describeWithEngine('event-based gateways through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  const start = async (invoice: string) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t('await-payment'), variables: { invoice, days: 3 } }))
      .processInstanceKey;

  test('the message wins: its variables arrive, the timer and the signal are cancelled', async () => {
    const { zeebe, engine } = sdk;
    const key = await start('inv-1');
    await zeebe.publishMessage({
      name: t('payment'),
      correlationKey: 'inv-1',
      timeToLive: 0,
      variables: { amount: 120 },
    });
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'wait', 'paid', 'settled']);
    expect(await rootVariables(engine, key)).toEqual({ invoice: 'inv-1', days: 3, amount: 120 });
    await engine.clock.advance(3 * 24 * HOUR);
    await zeebe.broadcastSignal({ signalName: t('recall') });
    await expectRead(engine, () => completedElements(engine, key)).toEqual(['start', 'wait', 'paid', 'settled']);
  });

  test('the timer wins on the engine clock: a later message is not correlated to the instance', async () => {
    const { zeebe, engine } = sdk;
    const key = await start('inv-2');
    await engine.clock.advance(3 * 24 * HOUR - 60_000);
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await engine.clock.advance(60_000);
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'wait', 'overdue', 'escalated']);
    const late = await zeebe.publishMessage({
      name: t('payment'),
      correlationKey: 'inv-2',
      timeToLive: 0,
      variables: { amount: 1 },
    });
    expect(late.key).toMatch(/^\d+$/);
    await expectRead(engine, () => rootVariables(engine, key)).toEqual({ invoice: 'inv-2', days: 3 });
  });

  test('the signal wins: one broadcast ends every waiting instance through its signal branch', async () => {
    const { zeebe, engine } = sdk;
    const keys = [await start('inv-3'), await start('inv-4')];
    await zeebe.broadcastSignal({ signalName: t('recall'), variables: { reason: 'customer left' } });
    for (const key of keys) {
      await untilEnded(engine, key);
      expect(await completedElements(engine, key)).toEqual(['start', 'wait', 'recalled', 'withdrawn']);
      expect((await rootVariables(engine, key)).reason).toBe('customer left');
    }
    await zeebe.publishMessage({ name: t('payment'), correlationKey: 'inv-3', timeToLive: 60_000 });
    await engine.clock.advance(3 * 24 * HOUR);
    await pollFor('nothing more to happen', () => true);
    await expectRead(engine, () => completedElements(engine, keys[0])).toEqual([
      'start',
      'wait',
      'recalled',
      'withdrawn',
    ]);
  });
});
