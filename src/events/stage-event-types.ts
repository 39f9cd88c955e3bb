/**
 * The stage events Baton publishes (issue 24): what happened to an order or an onboarding, named as
 * CloudEvent types. The triggers of migration 012 write them; this list is what consumers may bind to.
 */
export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.payment.charged',
  'order.inventory.reserved',
  'order.shipped',
  'order.completed',
  'order.rejected',
  'order.payment.refunded',
  'order.inventory.released',
  'order.shipment.cancelled',
  'order.cancelled',
] as const;

export const ONBOARDING_EVENT_TYPES = [
  'onboarding.started',
  'onboarding.crm-record.created',
  'onboarding.tenant.provisioned',
  'onboarding.welcome-email.sent',
  'onboarding.completed',
  'onboarding.cancelled',
] as const;

export const STAGE_EVENT_TYPES = [...ORDER_EVENT_TYPES, ...ONBOARDING_EVENT_TYPES] as const;
export type StageEventType = (typeof STAGE_EVENT_TYPES)[number];

export const EVENT_SOURCES = { orders: '/baton/orders', onboardings: '/baton/onboardings' } as const;
