/**
 * The human-readable subject and body of each kind of outbox message (by topic), so a webhook receiver can
 * send them as they are and the log deliverer prints a line a person can read. Unknown topics fall back to
 * the topic and the payload as JSON.
 */
import type { OutboxMessage } from '../../data/repositories/outbox-repository';

type Text = { subject: string; body: string };
type Payload = Record<string, unknown>;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const BY_TOPIC: Record<string, (p: Payload) => Text> = {
  'order-confirmation': (p) => ({
    subject: `Your order ${text(p.orderId)} is confirmed`,
    body: p.trackingNumber
      ? `Thank you for your order ${text(p.orderId)}. It has shipped; tracking number ${text(p.trackingNumber)}.`
      : `Thank you for your order ${text(p.orderId)}.`,
  }),
  welcome: (p) => ({
    subject: `Welcome aboard, ${text(p.company)}`,
    body: `Your tenant ${text(p.tenantSlug)} is ready. Please book your kickoff call.`,
  }),
  'kickoff-reminder': (p) => ({
    subject: `Reminder: book your kickoff call, ${text(p.company)}`,
    body: `We have not met yet: please book your kickoff call so we can finish setting up ${text(p.company)}.`,
  }),
  'shipment-sla-breached': (p) => ({
    subject: `Shipment SLA breached for order ${text(p.orderId)}`,
    body: `The shipment of order ${text(p.orderId)} (process instance ${text(p.processInstanceKey)}) was not created within its SLA.`,
  }),
  'customer-onboarded': (p) => ({
    subject: `Customer ${text(p.customerId)} onboarded`,
    body: `${text(p.company)} finished onboarding on tenant ${text(p.tenantSlug)}.`,
  }),
};

export function subjectAndBody(message: Pick<OutboxMessage, 'topic' | 'payload'>): Text {
  const render = BY_TOPIC[message.topic];
  return render ? render(message.payload) : { subject: message.topic, body: JSON.stringify(message.payload) };
}
