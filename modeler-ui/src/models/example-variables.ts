/**
 * Start variables offered in the "Start instance" dialog: a ready-to-run example for Baton's own processes
 * (with fresh business keys, so each start is a new order or customer), else what was used last time.
 */
const LAST_USED_PREFIX = 'baton.startVariables.';

function freshId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

const EXAMPLES: Record<string, () => Record<string, unknown>> = {
  'order-fulfilment': () => ({
    orderId: freshId('order'),
    customerId: 'customer-1',
    items: [{ sku: 'SKU-BOOK', quantity: 1 }],
    amount: 24.9,
    currency: 'EUR',
  }),
  'customer-onboarding': () => {
    const customerId = freshId('customer');
    return { customerId, email: `${customerId}@example.com`, company: 'Example Ltd' };
  },
};

export function exampleVariables(processId: string): string {
  const example = EXAMPLES[processId];
  if (example) return JSON.stringify(example(), null, 2);
  try {
    return localStorage.getItem(LAST_USED_PREFIX + processId) ?? '{}';
  } catch {
    return '{}';
  }
}

export function rememberVariables(processId: string, text: string): void {
  try {
    localStorage.setItem(LAST_USED_PREFIX + processId, text);
  } catch {
    // storage disabled: nothing remembered
  }
}
