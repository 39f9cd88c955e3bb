/**
 * The registry of job workers: every worker of the two processes, and lookup by task type. start-workers.ts
 * starts them against Zeebe; tests build a handler with `findWorker(type).createHandler({ db, logger })`.
 */

import { createCrmRecord } from './onboarding/create-crm-record';
import { deleteCrmRecord } from './onboarding/delete-crm-record';
import { deprovisionTenant } from './onboarding/deprovision-tenant';
import { provisionTenant } from './onboarding/provision-tenant';
import { reportAnalytics } from './onboarding/report-analytics';
import { sendKickoffReminder } from './onboarding/send-kickoff-reminder';
import { sendWelcomeEmail } from './onboarding/send-welcome-email';
import { cancelShipment } from './order/cancel-shipment';
import { chargePayment } from './order/charge-payment';
import { createShipment } from './order/create-shipment';
import { escalateShipment } from './order/escalate-shipment';
import { notifyCustomer } from './order/notify-customer';
import { refundPayment } from './order/refund-payment';
import { registerOrder } from './order/register-order';
import { releaseInventory } from './order/release-inventory';
import { reserveInventory } from './order/reserve-inventory';
import { setOrderStatus } from './order/set-order-status';
import type { WorkerDefinition } from './worker-definition';

export const orderFulfilmentWorkers: WorkerDefinition[] = [
  registerOrder,
  chargePayment,
  reserveInventory,
  createShipment,
  notifyCustomer,
  setOrderStatus,
  refundPayment,
  releaseInventory,
  cancelShipment,
  escalateShipment,
];

export const customerOnboardingWorkers: WorkerDefinition[] = [
  createCrmRecord,
  provisionTenant,
  sendWelcomeEmail,
  sendKickoffReminder,
  reportAnalytics,
  deleteCrmRecord,
  deprovisionTenant,
];

export const allWorkers: WorkerDefinition[] = [...orderFulfilmentWorkers, ...customerOnboardingWorkers];

export function findWorker(taskType: string): WorkerDefinition {
  const found = allWorkers.find((w) => w.taskType === taskType);
  if (!found)
    throw new Error(`No worker for task type "${taskType}"; known: ${allWorkers.map((w) => w.taskType).join(', ')}`);
  return found;
}
