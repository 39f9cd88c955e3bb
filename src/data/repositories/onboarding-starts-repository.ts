/**
 * Starts of customer-onboarding, one row per customer: claimed before the start (start_claimed_at), the
 * instance key after it. A row without a key is either being started (a recent claim), cut off (an old claim:
 * a retry or the start-up repair may take it over) or refused (start_failure: a retry may try again).
 */
import type { Queryable } from '../database';
import { type RowOf, rowReader } from './row-reader';

export interface OnboardingStart {
  customerId: string;
  email: string;
  company: string;
  /** the tenant's seats, when the request gave them (100 or more: a person approves the tenant) */
  seats: number | null;
  processInstanceKey: string | null;
  startFailure: string | null;
}

export type NewOnboardingStart = Pick<OnboardingStart, 'customerId' | 'email' | 'company'> & { seats?: number | null };

type OnboardingStartRow = RowOf<OnboardingStart>;

const toStart = rowReader<OnboardingStart>({
  customerId: true,
  email: true,
  company: true,
  seats: true,
  processInstanceKey: true,
  startFailure: true,
});

/** SQL: a claim that may be taken over (none, or older than `param` milliseconds). */
const claimTimedOut = (param: string, column = 'start_claimed_at') =>
  `(${column} IS NULL OR ${column} <= now() - ${param}::double precision * interval '1 millisecond')`;

export function createOnboardingStartsRepository(db: Queryable) {
  return {
    async get(customerId: string): Promise<OnboardingStart | undefined> {
      const result = await db.query<OnboardingStartRow>('SELECT * FROM onboarding_starts WHERE customer_id = $1', [
        customerId,
      ]);
      return result.rows[0] ? toStart(result.rows[0]) : undefined;
    },

    /**
     * Claims the start: a new row, or an unstarted one with the same email and company whose start was
     * refused or whose claim timed out. Otherwise `claimed` is false and `start` is the row as it is.
     */
    async claim(
      start: NewOnboardingStart,
      claimTimeoutMs: number,
    ): Promise<{ claimed: boolean; retry: boolean; start: OnboardingStart }> {
      const claimed = await db.query<OnboardingStartRow & { inserted: boolean }>(
        `INSERT INTO onboarding_starts AS s (customer_id, email, company, seats, start_claimed_at)
         VALUES ($1, $2, $3, $5, now())
         ON CONFLICT (customer_id) DO UPDATE
           SET start_claimed_at = now(), start_failure = NULL, updated_at = now()
           WHERE s.process_instance_key IS NULL AND s.email = EXCLUDED.email AND s.company = EXCLUDED.company
             AND s.seats IS NOT DISTINCT FROM EXCLUDED.seats
             AND (s.start_failure IS NOT NULL OR ${claimTimedOut('$4', 's.start_claimed_at')})
         RETURNING *, (xmax = 0) AS inserted`,
        [start.customerId, start.email, start.company, claimTimeoutMs, start.seats ?? null],
      );
      if (claimed.rows[0]) {
        return { claimed: true, retry: !claimed.rows[0].inserted, start: toStart(claimed.rows[0]) };
      }
      const existing = await this.get(start.customerId);
      if (!existing) throw new Error(`the onboarding start of ${start.customerId} vanished while being claimed`);
      return { claimed: false, retry: false, start: existing };
    },

    /** Claims a new onboarding in place of an earlier, ended one (that had this instance); false if taken. */
    async claimInstead(start: NewOnboardingStart, endedProcessInstanceKey: string): Promise<boolean> {
      const result = await db.query(
        `UPDATE onboarding_starts
         SET email = $2, company = $3, seats = $5, process_instance_key = NULL, start_claimed_at = now(),
             start_failure = NULL, updated_at = now()
         WHERE customer_id = $1 AND process_instance_key = $4`,
        [start.customerId, start.email, start.company, endedProcessInstanceKey, start.seats ?? null],
      );
      return result.rowCount === 1;
    },

    /** Records the started instance and ends the claim (first writer wins). */
    async attach(customerId: string, processInstanceKey: string): Promise<void> {
      await db.query(
        `UPDATE onboarding_starts SET process_instance_key = $2, start_claimed_at = NULL, updated_at = now()
         WHERE customer_id = $1 AND process_instance_key IS NULL`,
        [customerId, processInstanceKey],
      );
    },

    /** The engine refused the start: recorded with the reason; a retry may claim it again. */
    async failStart(customerId: string, reason: string): Promise<void> {
      await db.query(
        `UPDATE onboarding_starts SET start_failure = $2, start_claimed_at = NULL, updated_at = now()
         WHERE customer_id = $1 AND process_instance_key IS NULL`,
        [customerId, reason],
      );
    },

    /** Ends the claim without a verdict (the start's answer never came): a retry or the repair takes it. */
    async releaseStart(customerId: string): Promise<void> {
      await db.query(
        `UPDATE onboarding_starts SET start_claimed_at = NULL, updated_at = now()
         WHERE customer_id = $1 AND process_instance_key IS NULL`,
        [customerId],
      );
    },

    /** Claims every start that was cut off (claim older than claimTimeoutMs, not refused) and returns them. */
    async claimUnstarted(claimTimeoutMs: number, limit = 1000): Promise<OnboardingStart[]> {
      const result = await db.query<OnboardingStartRow>(
        `UPDATE onboarding_starts SET start_claimed_at = now(), updated_at = now()
         WHERE customer_id IN (
           SELECT customer_id FROM onboarding_starts
           WHERE process_instance_key IS NULL AND start_failure IS NULL AND ${claimTimedOut('$1')}
           ORDER BY created_at LIMIT $2)
           -- again on the row as it is now: another instance may have claimed it meanwhile
           AND process_instance_key IS NULL AND start_failure IS NULL AND ${claimTimedOut('$1')}
         RETURNING *`,
        [claimTimeoutMs, limit],
      );
      return result.rows.map(toStart);
    },
  };
}

export type OnboardingStartsRepository = ReturnType<typeof createOnboardingStartsRepository>;
