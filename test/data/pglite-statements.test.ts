/**
 * The app's PGlite queries run as cached prepared statements (src/data/pglite-statements.ts): results,
 * errors and transactions must be exactly what PGlite's own query() gives, and schema changes must not
 * leave a stale statement behind.
 */
import { PGlite } from '@electric-sql/pglite';
import { isUniqueViolation } from '../../src/data/database';
import type { PgliteDatabase } from '../../src/data/pglite-database';
import { openTestDatabase } from './test-database';

/** A promise the test opens when it chooses: what a transaction waits on to stay open. */
function gate(): { closed: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
}

describe('PGlite prepared statements', () => {
  let db: PgliteDatabase;
  let reference: PGlite;

  beforeAll(async () => {
    // from the migrated template (initdb takes seconds); PGlite's own query() on a copy is the reference
    db = (await openTestDatabase()) as PgliteDatabase;
    reference = await PGlite.create({ loadDataDir: await db.dumpDataDir() });
    for (const target of [db, reference]) {
      await target.exec(`CREATE TABLE things (
        id text PRIMARY KEY, doc jsonb, at timestamptz, ok boolean, tags text[], n integer, amount numeric)`);
    }
  });
  afterAll(async () => {
    await db.close();
    await reference.close();
  });

  it('serialises parameters and parses rows as PGlite does, the first time and when reused', async () => {
    const insert = 'INSERT INTO things VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *';
    const rows = [
      ['a', JSON.stringify({ x: [1, 2] }), new Date('2026-01-02T03:04:05.678Z'), true, ['p', 'q'], 7, '12.50'],
      ['b', null, null, false, [], null, null],
    ];
    for (const params of rows) {
      const ours = await db.query(insert, params);
      const theirs = await reference.query(insert, params);
      expect(ours.rows).toEqual(theirs.rows);
      expect(ours.rowCount).toBe(1);
    }
    const select = 'SELECT * FROM things WHERE id = ANY($1::text[]) ORDER BY id';
    for (let i = 0; i < 2; i++) {
      expect((await db.query(select, [['a', 'b']])).rows).toEqual((await reference.query(select, [['a', 'b']])).rows);
    }
    expect((await db.query("UPDATE things SET n = 1 WHERE id <> 'none'")).rowCount).toBe(2);
  });

  it('keeps Postgres errors with their code and constraint, and the statement usable afterwards', async () => {
    const insert = 'INSERT INTO things (id) VALUES ($1)';
    await db.query(insert, ['dup']);
    const error = await db.query(insert, ['dup']).catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'things_pkey')).toBe(true);
    await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow('relation "no_such_table" does not exist');
    await expect(db.query('SELECT $1::int AS n', ['x'])).rejects.toThrow('invalid input syntax for type integer');
    await db.query(insert, ['dup-2']);
    expect((await db.query('SELECT id FROM things WHERE id LIKE $1 ORDER BY id', ['dup%'])).rows).toEqual([
      { id: 'dup' },
      { id: 'dup-2' },
    ]);
  });

  it('prepares statements again after DDL, so SELECT * sees the new columns', async () => {
    const read = "SELECT * FROM things WHERE id = 'a'";
    expect(Object.keys((await db.query(read)).rows[0])).not.toContain('note');
    await db.exec("ALTER TABLE things ADD COLUMN note text DEFAULT 'new'");
    expect((await db.query(read)).rows[0]).toMatchObject({ id: 'a', note: 'new' });
    await db.query('ALTER TABLE things DROP COLUMN note');
    expect(Object.keys((await db.query(read)).rows[0])).not.toContain('note');
  });

  it('commits, rolls back on a throw, and refuses to commit a transaction whose statement failed', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO things (id) VALUES ($1)', ['tx-1']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO things (id) VALUES ($1)', ['tx-2']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO things (id) VALUES ($1)', ['tx-3']);
        await tx.query('INSERT INTO things (id) VALUES ($1)', ['tx-1']).catch(() => {});
      }),
    ).rejects.toThrow('rolled back');
    const ids = await db.query<{ id: string }>("SELECT id FROM things WHERE id LIKE 'tx-%' ORDER BY id");
    expect(ids.rows).toEqual([{ id: 'tx-1' }]);
  });

  it('runs a statement outside a transaction only once the open transaction has ended', async () => {
    const held = gate();
    const inTx = db.transaction(async (tx) => {
      await tx.query('INSERT INTO things (id) VALUES ($1)', ['held']);
      await held.closed;
    });
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM things WHERE id = 'held'");
    await new Promise((resolve) => setTimeout(resolve, 20));
    held.open();
    await inTx;
    expect((await outside).rows[0].n).toBe(1);
  });

  it('closes only once the open transaction has committed; later statements find it closed', async () => {
    const own = (await openTestDatabase()) as PgliteDatabase;
    await own.exec('CREATE TABLE kept (id text PRIMARY KEY)');
    const held = gate();
    const inTx = own.transaction(async (tx) => {
      await tx.query('INSERT INTO kept (id) VALUES ($1)', ['in-flight']);
      await held.closed;
      await tx.query('INSERT INTO kept (id) VALUES ($1)', ['after-close-was-asked']);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = own.close();
    const late = own.query('SELECT 1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    held.open();
    await expect(inTx).resolves.toBeUndefined();
    await closed;
    await expect(late).rejects.toThrow('PGlite is closed');
    await expect(own.query('SELECT 1')).rejects.toThrow('PGlite is closed');
  });
});
