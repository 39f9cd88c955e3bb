/**
 * Carriers and shipments. Creating a shipment books a pickup slot with the preferred carrier if it has one,
 * else with the first carrier (by code) that has one, by conditional update, so slots are never overbooked; one shipment per order. Cancelling returns the
 * slot, and cancelling an order that has no shipment leaves a tombstone so a late booking for it fails. A
 * booking that found no capacity is remembered (shipment_failures), so asking again answers the same.
 */
import { type Database, isUniqueViolation, LOCK_SCOPE, lockForTransaction, queryHoldingLock } from '../database';
import { type RowOf, rowReader } from './row-reader';

export interface Shipment {
  orderId: string;
  status: 'created' | 'cancelled';
  carrierCode: string | null;
  trackingNumber: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
}

export type CreateShipmentResult =
  | { status: 'created'; shipment: Shipment; alreadyCreated: boolean }
  | { status: 'no-capacity' }
  | { status: 'cancelled'; shipment: Shipment };

export type CancelShipmentResult =
  | { status: 'cancelled'; shipment: Shipment; alreadyCancelled: boolean }
  | { status: 'nothing-to-cancel' };

type ShipmentRow = RowOf<Shipment>;

const toShipment = rowReader<Shipment>({
  orderId: true,
  status: true,
  carrierCode: true,
  trackingNumber: true,
  createdAt: true,
  cancelledAt: true,
});

/** A booking's tracking number, `PARCELCO-order-1`, as SQL over the carrier code and the order id (one rule for both paths). */
const trackingNumberSql = (carrierCode: string, orderId: string) => `upper(${carrierCode}) || '-' || ${orderId}`;

export function createShipmentsRepository(db: Database) {
  /**
   * The usual booking in one statement: when the order has neither a shipment nor a failed booking, takes a
   * slot of the carrier `create` would try first and writes the shipment with it; undefined otherwise (nothing
   * written, e.g. that carrier's last slot went meanwhile). A shipment row that appears meanwhile (a cancel's
   * tombstone) fails the whole statement, slot included, and `create`'s full path answers instead.
   */
  async function bookFirstTime(orderId: string, preferredCarrier?: string): Promise<Shipment | undefined> {
    try {
      const { rows } = await queryHoldingLock<ShipmentRow>(
        db,
        LOCK_SCOPE.shipment,
        orderId,
        `WITH booked AS (
           UPDATE carriers SET free_slots = free_slots - 1
           WHERE code = (SELECT code FROM carriers WHERE free_slots > 0 ORDER BY code = $2 DESC, code LIMIT 1)
             AND free_slots > 0
             AND NOT EXISTS (SELECT 1 FROM shipments WHERE order_id = $1)
             AND NOT EXISTS (SELECT 1 FROM shipment_failures WHERE order_id = $1)
           RETURNING code)
         INSERT INTO shipments (order_id, status, carrier_code, tracking_number)
         SELECT $1, 'created', code, ${trackingNumberSql('code', '$1')} FROM booked
         RETURNING *`,
        [orderId, preferredCarrier ?? null],
      );
      return rows[0] ? toShipment(rows[0]) : undefined;
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  return {
    /** Creates or updates a carrier and its free pickup slots. */
    async setCarrier(code: string, name: string, freeSlots: number): Promise<void> {
      await db.query(
        `INSERT INTO carriers (code, name, free_slots) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, free_slots = EXCLUDED.free_slots`,
        [code, name, freeSlots],
      );
    },

    async freeSlots(code: string): Promise<number | undefined> {
      const result = await db.query<{ free_slots: number }>('SELECT free_slots FROM carriers WHERE code = $1', [code]);
      return result.rows[0]?.free_slots;
    },

    /**
     * Books a shipment for an order, once. A second call for the same order returns the first answer: the
     * same booking, or no capacity again (remembered, so a slot freed in between cannot ship a failed order).
     * `preferredCarrier` (order-fulfilment's decision) is tried first; an unknown code is simply not found.
     */
    async create(orderId: string, preferredCarrier?: string): Promise<CreateShipmentResult> {
      const booked = await bookFirstTime(orderId, preferredCarrier);
      if (booked) return { status: 'created', shipment: booked, alreadyCreated: false };
      return db.transaction(async (tx): Promise<CreateShipmentResult> => {
        await lockForTransaction(db, tx, LOCK_SCOPE.shipment, orderId);
        // Claim the order, unless a booking for it already failed: a concurrent cancel (the SLA timer fired)
        // waits here and then sees the booking.
        const claimed = await tx.query(
          `INSERT INTO shipments (order_id, status)
           SELECT $1::text, 'created' WHERE NOT EXISTS (SELECT 1 FROM shipment_failures WHERE order_id = $1::text)
           ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          [orderId],
        );
        if (claimed.rowCount === 0) {
          const existing = await tx.query<ShipmentRow>('SELECT * FROM shipments WHERE order_id = $1', [orderId]);
          if (!existing.rows[0]) return { status: 'no-capacity' };
          const found = toShipment(existing.rows[0]);
          return found.status === 'created'
            ? { status: 'created', shipment: found, alreadyCreated: true }
            : { status: 'cancelled', shipment: found };
        }
        // Try the preferred carrier, then the others in a fixed order; each attempt is a conditional update,
        // safe under concurrency.
        const carriers = await tx.query<{ code: string }>(
          'SELECT code FROM carriers WHERE free_slots > 0 ORDER BY code = $1 DESC, code',
          [preferredCarrier ?? null],
        );
        let carrier: string | undefined;
        for (const { code } of carriers.rows) {
          const booked = await tx.query(
            'UPDATE carriers SET free_slots = free_slots - 1 WHERE code = $1 AND free_slots > 0',
            [code],
          );
          if (booked.rowCount === 1) {
            carrier = code;
            break;
          }
        }
        if (!carrier) {
          await tx.query('DELETE FROM shipments WHERE order_id = $1', [orderId]);
          await tx.query(`INSERT INTO shipment_failures (order_id, reason) VALUES ($1, 'no-capacity')`, [orderId]);
          return { status: 'no-capacity' };
        }
        const updated = await tx.query<ShipmentRow>(
          `UPDATE shipments SET carrier_code = $2, tracking_number = ${trackingNumberSql('$2', '$1')}
           WHERE order_id = $1 RETURNING *`,
          [orderId, carrier],
        );
        return { status: 'created', shipment: toShipment(updated.rows[0]), alreadyCreated: false };
      });
    },

    /** Cancels an order's shipment and frees its slot, once; with no shipment, leaves a tombstone. */
    async cancel(orderId: string): Promise<CancelShipmentResult> {
      return db.transaction(async (tx): Promise<CancelShipmentResult> => {
        const tombstone = await tx.query(
          `INSERT INTO shipments (order_id, status, cancelled_at) VALUES ($1, 'cancelled', now())
           ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          [orderId],
        );
        if (tombstone.rowCount === 1) return { status: 'nothing-to-cancel' };
        const cancelled = await tx.query<ShipmentRow>(
          `UPDATE shipments SET status = 'cancelled', cancelled_at = now()
           WHERE order_id = $1 AND status = 'created' RETURNING *`,
          [orderId],
        );
        const row = cancelled.rows[0];
        if (row) {
          if (row.carrier_code) {
            await tx.query('UPDATE carriers SET free_slots = free_slots + 1 WHERE code = $1', [row.carrier_code]);
          }
          return { status: 'cancelled', shipment: toShipment(row), alreadyCancelled: false };
        }
        const existing = await tx.query<ShipmentRow>('SELECT * FROM shipments WHERE order_id = $1', [orderId]);
        const found = existing.rows[0];
        // A tombstone (no carrier) means there never was a shipment to undo.
        if (!found.carrier_code) return { status: 'nothing-to-cancel' };
        return { status: 'cancelled', shipment: toShipment(found), alreadyCancelled: true };
      });
    },

    async get(orderId: string): Promise<Shipment | undefined> {
      const result = await db.query<ShipmentRow>('SELECT * FROM shipments WHERE order_id = $1', [orderId]);
      return result.rows[0] ? toShipment(result.rows[0]) : undefined;
    },
  };
}

export type ShipmentsRepository = ReturnType<typeof createShipmentsRepository>;
