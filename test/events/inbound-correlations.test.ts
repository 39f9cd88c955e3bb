/**
 * Inbound events become process messages by the one mapping in src/events/inbound-correlations.ts: the
 * message name and the correlation key (a FEEL expression over the event), with the event id as message id
 * so a redelivered event is one message.
 */
import { CloudEvent } from 'cloudevents';
import type { PublishMessage } from '../../src/app/process-commands/process-commands';
import { toStructuredEvent } from '../../src/events/cloud-event';
import { createInProcessBus } from '../../src/events/in-process-bus';
import { correlationKeyOf, startInboundCorrelations } from '../../src/events/inbound-correlations';
import { quietLogger } from './bus-suite';

const delivered = (subject: string | undefined, data: unknown = { carrier: 'parcelco' }) =>
  new CloudEvent<unknown>({ id: 'evt-1', source: '/carriers/parcelco', type: 'shipment.delivered', subject, data });

describe('inbound correlations', () => {
  it('publishes a mapped event as its message, keyed by the expression, with the event id as message id', async () => {
    const bus = createInProcessBus();
    const published: PublishMessage[] = [];
    await startInboundCorrelations({
      bus,
      logger: quietLogger,
      processes: {
        publishMessage: async (message) => {
          published.push(message);
          return { messageKey: '1' };
        },
      },
    });
    await bus.publish([toStructuredEvent(delivered('order-7'))]);
    await bus.publish([
      toStructuredEvent(
        new CloudEvent<unknown>({ id: 'evt-2', source: '/x', type: 'something.else', subject: 'order-7' }),
      ),
    ]);
    expect(published).toEqual([
      {
        name: 'shipment-delivered',
        correlationKey: 'order-7',
        messageId: 'evt-1',
        timeToLiveMs: 3_600_000,
        variables: { carrier: 'parcelco' },
      },
    ]);
  });

  it('reads the key with FEEL, and has none when the expression finds nothing', () => {
    const byData = { type: 'shipment.delivered', messageName: 'm', correlationKey: 'data.orderId', timeToLiveMs: 0 };
    expect(correlationKeyOf(byData, delivered(undefined, { orderId: 'order-9' }))).toBe('order-9');
    expect(correlationKeyOf(byData, delivered(undefined, {}))).toBeUndefined();
  });
});
