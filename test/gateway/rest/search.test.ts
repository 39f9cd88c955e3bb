/**
 * The REST v2 search semantics every `/search` endpoint shares (src/gateway/rest/search.ts): equality and
 * advanced filter operators, multi-field sort, offset paging (`from`/`limit`) and cursor paging forwards
 * (`after` = a page's endCursor) and backwards (`before` = a page's startCursor), and 400s naming the field.
 */
import { RestProblem } from '../../../src/gateway/rest/problem';
import { search } from '../../../src/gateway/rest/search';

interface Row extends Record<string, unknown> {
  key: string;
  elementId: string;
  state: string;
  startDate: string;
  retries?: number;
}

const rows: Row[] = Array.from({ length: 12 }, (_, i) => ({
  key: String(2_251_799_813_685_250 + i * 7),
  elementId: i % 3 === 0 ? 'charge-payment' : i % 3 === 1 ? 'reserve-inventory' : 'create-shipment',
  state: i < 8 ? 'COMPLETED' : 'ACTIVE',
  startDate: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
  ...(i % 4 === 0 ? {} : { retries: i % 4 }),
}));
const spec = {
  fields: ['key', 'elementId', 'state', 'startDate', 'retries'],
  defaultOrder: (a: Row, b: Row) => Number(BigInt(a.key) - BigInt(b.key)),
};
const keys = (page: { items: Row[] }) => page.items.map((r) => r.key);
const run = (body: unknown) => search(rows, body, spec);

function problem(body: unknown): string {
  try {
    run(body);
  } catch (error) {
    expect(error).toBeInstanceOf(RestProblem);
    expect((error as RestProblem).status).toBe(400);
    return (error as RestProblem).message;
  }
  throw new Error('expected a 400');
}

describe('REST v2 search', () => {
  it('filters by equality (keys as strings or numbers) and by the advanced operators', () => {
    expect(keys(run({ filter: { state: 'ACTIVE' } }))).toEqual(rows.slice(8).map((r) => r.key));
    expect(keys(run({ filter: { key: Number(rows[3].key.slice(0, 15)) } }))).toEqual([]);
    expect(keys(run({ filter: { key: rows[3].key } }))).toEqual([rows[3].key]);
    expect(run({ filter: { elementId: { $in: ['charge-payment', 'create-shipment'] } } }).items).toHaveLength(8);
    expect(run({ filter: { elementId: { $like: 'c*-*ment' } } }).items).toHaveLength(8);
    expect(run({ filter: { elementId: { $like: 'charge?payment' } } }).items).toHaveLength(4);
    expect(run({ filter: { state: { $neq: 'COMPLETED' }, retries: { $exists: true } } }).items).toHaveLength(3);
    expect(keys(run({ filter: { startDate: { $gte: rows[10].startDate, $lt: '2031-01-01T00:00:00Z' } } }))).toEqual([
      rows[10].key,
      rows[11].key,
    ]);
    expect(run({ filter: { retries: { $gt: 2 } } }).items.map((r) => r.retries)).toEqual([3, 3, 3]);
  });

  it('sorts by several fields in either direction, absent values last, then by the default order', () => {
    const sorted = run({ sort: [{ field: 'elementId', order: 'DESC' }, { field: 'retries' }] }).items;
    expect(sorted.map((r) => r.elementId)).toEqual([
      ...Array(4).fill('reserve-inventory'),
      ...Array(4).fill('create-shipment'),
      ...Array(4).fill('charge-payment'),
    ]);
    expect(sorted.slice(8).map((r) => r.retries)).toEqual([1, 2, 3, undefined]);
    expect(keys(run({ sort: [{ field: 'key', order: 'desc' }] }))).toEqual(rows.map((r) => r.key).reverse());
  });

  it('pages with from/limit, and reports the total', () => {
    const page = run({ page: { from: 5, limit: 4 } });
    expect(keys(page)).toEqual(rows.slice(5, 9).map((r) => r.key));
    expect(page.page.totalItems).toBe(12);
    expect(run({ page: { from: 20, limit: 4 } }).items).toEqual([]);
  });

  it('walks forwards with after = endCursor and backwards with before = startCursor', () => {
    const seen: string[] = [];
    let page = run({ page: { limit: 5 } });
    const pages = [page];
    seen.push(...keys(page));
    while (page.items.length === 5) {
      page = run({ page: { limit: 5, after: page.page.endCursor } });
      pages.push(page);
      seen.push(...keys(page));
    }
    expect(seen).toEqual(rows.map((r) => r.key));
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);

    const back = run({ page: { limit: 5, before: pages[2].page.startCursor } });
    expect(keys(back)).toEqual(keys(pages[1]));
    const first = run({ page: { limit: 5, before: back.page.startCursor } });
    expect(keys(first)).toEqual(keys(pages[0]));
  });

  it('answers 400 naming what is wrong, never ignoring it', () => {
    expect(problem({ filter: { elementID: 'x' } })).toMatch(/filter\.elementID/);
    expect(problem({ filter: { state: { $regex: '.*' } } })).toMatch(/\$regex.*filter\.state/);
    expect(problem({ filter: { state: { $in: 'ACTIVE' } } })).toMatch(/filter\.state\.\$in' must be an array/);
    expect(problem({ sort: [{ field: 'colour' }] })).toMatch(/sort\[0\]\.field/);
    expect(problem({ sort: [{ field: 'key', order: 'UP' }] })).toMatch(/sort\[0\]\.order/);
    expect(problem({ page: { limit: 10_001 } })).toMatch(/page\.limit/);
    expect(problem({ page: { size: 5 } })).toMatch(/page\.size/);
    expect(problem({ page: { after: 'not-a-cursor' } })).toMatch(/page\.after/);
    expect(problem({ page: { after: run({ page: { limit: 1 } }).page.endCursor, from: 3 } })).toMatch(/page\.after/);
    expect(problem({ query: {} })).toMatch(/Unknown property 'query'/);
  });
});
