/**
 * The scale-out bench's harness (bench/scale-out.bench.ts) at a tiny size: a backlog placed with no worker
 * running, drained by two BATON_ROLE=workers processes beside the api process on PostgreSQL. Every order
 * completes, each charged, reserved and shipped exactly once, so the bench times real, single work.
 * (test/durability/multi-process.test.ts covers the roles themselves more widely.)
 */
import { drainBacklog, withScaleOutCluster } from '../../bench/scale-out.bench';

jest.setTimeout(180_000);

test('two worker processes drain a placed backlog, each order done exactly once', async () => {
  await withScaleOutCluster(async (cluster) => {
    const run = await drainBacklog(cluster, 5, 2);
    expect(run.orderIds).toHaveLength(5);
    expect(run.cpuShares).toHaveLength(3);

    const perOrder = async (sql: string) => {
      const { rows } = await cluster.db.query<{ order_id: string; n: number }>(sql, [run.orderIds]);
      return Object.fromEntries(rows.map((r) => [r.order_id, Number(r.n)]));
    };
    const once = Object.fromEntries(run.orderIds.map((id) => [id, 1]));
    expect(
      await perOrder(`SELECT id AS order_id, 1 AS n FROM orders WHERE id = ANY($1) AND status = 'completed'`),
    ).toEqual(once);
    expect(
      await perOrder(
        `SELECT order_id, count(*) n FROM payments WHERE order_id = ANY($1) AND kind = 'charge' GROUP BY 1`,
      ),
    ).toEqual(once);
    expect(
      await perOrder(
        `SELECT order_id, count(*) n FROM reservations WHERE order_id = ANY($1) AND status = 'reserved' GROUP BY 1`,
      ),
    ).toEqual(once);
    expect(
      await perOrder(
        `SELECT order_id, count(*) n FROM shipments WHERE order_id = ANY($1) AND status = 'created' GROUP BY 1`,
      ),
    ).toEqual(once);
  });
});
