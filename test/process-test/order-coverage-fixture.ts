/** Coverage parts of bpmn/order-fulfilment.bpmn instances, for the coverage report tests that need no engine. */
import type { InstanceCoverage } from '../../src/process-test';

export const HAPPY_ELEMENTS = [
  'order-received',
  'register-order',
  'charge-payment',
  'reserve-inventory',
  'choose-carrier',
  'create-shipment',
  'notify-customer',
  'mark-order-completed',
  'order-completed',
];
export const HAPPY_FLOWS = HAPPY_ELEMENTS.slice(1).map((id) => `to-${id}`);
/** one happy-path order instance, as the coverage parts store it */
export const happyOrder = (key: string, test?: { file: string; name: string }): InstanceCoverage => ({
  processInstanceKey: key,
  processDefinitionId: 'order-fulfilment',
  state: 'COMPLETED',
  elementIds: HAPPY_ELEMENTS,
  flowIds: HAPPY_FLOWS,
  ...(test ? { test } : {}),
});
