/** How many orders the app's database holds, how many completed and how many are unfinished (the backlog). */
import type { Database } from '../src/data';

export interface OrderCounts {
  total: number;
  completed: number;
  /** in_progress: what admission control counts as the backlog */
  unfinished: number;
}

export async function orderCounts(db: Pick<Database, 'query'>): Promise<OrderCounts> {
  const { rows } = await db.query<OrderCounts>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'completed')::int AS completed,
            count(*) FILTER (WHERE status = 'in_progress')::int AS unfinished
       FROM orders`,
  );
  return rows[0];
}
