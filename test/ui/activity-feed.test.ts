/**
 * The activity feed's rules without a browser: whose events an instance's feed follows (the value of the
 * model's first business key, when it is a non-empty string) and how an event type reads.
 */
import type { Variable } from '../../modeler-ui/src/api/camunda-types';
import { describeEventType, feedSubject } from '../../modeler-ui/src/instances/activity-feed';

const variable = (name: string, value: string): Variable => ({ variableKey: name, name, value }) as Variable;
const orderFacts = { businessKeys: ['orderId', 'customerId'], endOutcomes: new Map() };

test('the subject is the first business key’s value', () => {
  const variables = [variable('customerId', '"customer-1"'), variable('orderId', '"o-1"')];
  expect(feedSubject(orderFacts, variables)).toBe('o-1');
  expect(feedSubject({ ...orderFacts, businessKeys: ['customerId'] }, variables)).toBe('customer-1');
});

test('no subject: no business keys, no such variable, or a value that is not a non-empty string', () => {
  expect(feedSubject(undefined, [variable('orderId', '"o-1"')])).toBeUndefined();
  expect(feedSubject({ ...orderFacts, businessKeys: [] }, [variable('orderId', '"o-1"')])).toBeUndefined();
  expect(feedSubject(orderFacts, [variable('customerId', '"c-1"')])).toBeUndefined();
  expect(feedSubject(orderFacts, [variable('orderId', '42')])).toBeUndefined();
  expect(feedSubject(orderFacts, [variable('orderId', '""')])).toBeUndefined();
  expect(feedSubject(orderFacts, [variable('orderId', 'not json')])).toBeUndefined();
});

test('an event type reads as words', () => {
  expect(describeEventType('order.payment.charged')).toBe('Order payment charged');
  expect(describeEventType('onboarding.crm-record.created')).toBe('Onboarding crm record created');
});
