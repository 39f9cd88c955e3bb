/**
 * Parameterised queries on PGlite as prepared statements, each run in one trip into Postgres.
 *
 * PGlite's own `query()` sends Parse, Describe, Bind, Describe, Execute and Sync as six separate calls into
 * the WebAssembly backend and parses and plans the SQL every time; that overhead, not the work of the
 * statement, is most of what a small INSERT or UPDATE costs. Here each distinct SQL text is parsed and
 * described once as a named prepared statement, and from then on a query is a single Bind + Execute + Sync message. Parameters are serialised and rows parsed
 * exactly as PGlite does (its serialisers and parsers, by the types Postgres reports), so results do not
 * change. DDL invalidates the cache (`forget()`), because a cached `SELECT *` must not outlive its table.
 *
 * Callers hold the database's locks (pglite-database.ts). PGlite's syncToFs after a statement is not called: it
 * does nothing on the node and memory filesystems the app runs PGlite on (the files are written as it goes).
 */
import { type PGlite, parse, protocol, TransactionAbortedError } from '@electric-sql/pglite';

const { serialize } = protocol;

type Messages = Awaited<ReturnType<PGlite['execProtocol']>>['messages'];
type Results = ReturnType<typeof parse.parseResults>[number];

interface Prepared {
  name: string;
  paramTypes: number[];
  /** the RowDescription of the statement's result (undefined: it returns no rows) */
  rowDescription?: Messages[number];
}

/** Statements that may be kept prepared: plain DML and queries (DDL and utility statements are not). */
const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** Distinct SQL texts kept prepared; batch statements vary in their number of VALUES rows. */
const MAX_PREPARED = 500;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class PgliteStatements {
  private readonly prepared = new Map<string, Prepared>();
  private next = 0;

  constructor(private readonly pg: PGlite) {}

  private async send(parts: Uint8Array[]): Promise<Messages> {
    const { messages } = await this.pg.execProtocol(concat(parts), { syncToFs: false, throwOnError: true });
    return messages;
  }

  /** Parses and describes sql under `name` ('' for the unnamed statement); Sync only when kept. */
  private async prepare(sql: string, name: string): Promise<Prepared> {
    const parts = [serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name })];
    // A named statement outlives the Sync; the unnamed one is bound in the same implicit transaction below.
    if (name !== '') parts.push(serialize.sync());
    let messages: Messages;
    try {
      messages = await this.send(parts);
    } catch (error) {
      if (name === '') await this.send([serialize.sync()]).catch(() => {});
      throw error;
    }
    const params = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
    return {
      name,
      paramTypes: params?.dataTypeIDs ?? [],
      rowDescription: messages.find((m) => m.name === 'rowDescription'),
    };
  }

  private async statementFor(sql: string, cacheable: boolean): Promise<Prepared> {
    const known = this.prepared.get(sql);
    if (known) return known;
    if (!cacheable || this.prepared.size >= MAX_PREPARED) return this.prepare(sql, '');
    const statement = await this.prepare(sql, `baton_${this.next++}`);
    this.prepared.set(sql, statement);
    return statement;
  }

  /** Runs one parameterised statement; the caller holds PGlite's query lock. */
  async query(sql: string, params: unknown[]): Promise<Results> {
    const cacheable = CACHEABLE.test(sql);
    const result = await this.run(await this.statementFor(sql, cacheable), params);
    // anything but plain DML may have changed the schema under the prepared statements
    if (!cacheable) await this.forget();
    return result;
  }

  private async run(statement: Prepared, params: unknown[]): Promise<Results> {
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = this.pg.serializers[statement.paramTypes[i]];
      return serializer ? serializer(param) : String(param);
    });
    const messages = await this.send([
      serialize.bind({ statement: statement.name, values }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
    return parse.parseResults(described, this.pg.parsers)[0];
  }

  /** Runs a script of statements without parameters (simple protocol); the caller holds the query lock. */
  async exec(sql: string): Promise<void> {
    await this.send([serialize.query(sql), serialize.sync()]);
    // a failed script changed nothing (it ran as one transaction, or its transaction is aborted)
    await this.forget();
  }

  /**
   * BEGIN, fn, COMMIT (ROLLBACK when fn throws), as PGlite's transaction() does; the caller holds
   * the transaction lock, and fn's statements take the query lock each.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.pg.runExclusive(() => this.send([serialize.query('BEGIN')]));
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      await this.pg.runExclusive(() => this.send([serialize.query('ROLLBACK')])).catch(() => {});
      throw error;
    }
    const committed = await this.pg.runExclusive(() => this.send([serialize.query('COMMIT')]));
    // COMMIT of a transaction that had failed answers ROLLBACK
    if (committed.some((m) => m.name === 'commandComplete' && (m as { text?: string }).text === 'ROLLBACK')) {
      throw new TransactionAbortedError();
    }
    return result;
  }

  /** Drops every prepared statement (after DDL: a cached plan must not outlive the table it reads). */
  async forget(): Promise<void> {
    if (this.prepared.size === 0) return;
    this.prepared.clear();
    await this.send([serialize.query('DEALLOCATE ALL')]);
  }
}
