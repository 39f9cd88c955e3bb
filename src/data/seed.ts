/**
 * Demo data for a fresh installation (`npm start`): stock for a few SKUs, carriers with pickup slots and
 * funded payment accounts for the demo customers, so a first order can run to completion. Only fills what
 * is missing: running it again never resets stock that orders already used.
 */
import type { Database } from './database';

export const DEMO_SKUS = ['SKU-BOOK', 'SKU-MUG', 'SKU-SHIRT', 'SKU-LAMP', 'SKU-CHAIR'];
export const DEMO_CUSTOMERS = ['customer-1', 'customer-2', 'customer-3'];
export const DEMO_CURRENCY = 'EUR';

export async function seedDemoData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const sku of DEMO_SKUS) {
      await tx.query('INSERT INTO inventory (sku, available) VALUES ($1, 100) ON CONFLICT (sku) DO NOTHING', [sku]);
    }
    await tx.query(
      `INSERT INTO carriers (code, name, free_slots) VALUES ('parcelco', 'ParcelCo', 1000), ('swiftship', 'SwiftShip', 1000)
       ON CONFLICT (code) DO NOTHING`,
    );
    for (const customer of DEMO_CUSTOMERS) {
      await tx.query(
        `INSERT INTO payment_accounts (customer_id, currency, balance_minor) VALUES ($1, $2, 1000000)
         ON CONFLICT (customer_id, currency) DO NOTHING`,
        [customer, DEMO_CURRENCY],
      );
    }
  });
}
