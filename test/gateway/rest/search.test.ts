/**
 * The REST v2 search semantics every `/search` endpoint shares (src/gateway/rest/search.ts): equality and
 * advanced filter operators, multi-field sort, offset paging (`from`/`limit`) and cursor paging forwards
 * (`after` = a page's endCursor) and backwards (`before` = a page's startCursor), and 400s naming the field.
 */
import { RestProblem } from '../../../src/gateway/rest/problem';
import { MAX_FILTER_VALUES, search } from '../../../src/gateway/rest/search';

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
    expect(problem({ sort: [{ field: 'state' }, { field: 'key' }, { field: 'state', order: 'DESC' }] })).toMatch(
      /'sort\[2\]\.field' sorts on 'state' a second time/,
    );
    expect(problem({ page: { limit: 10_001 } })).toMatch(/page\.limit/);
    expect(problem({ page: { size: 5 } })).toMatch(/page\.size/);
    expect(problem({ page: { after: 'not-a-cursor' } })).toMatch(/page\.after/);
    expect(problem({ page: { after: run({ page: { limit: 1 } }).page.endCursor, from: 3 } })).toMatch(/page\.after/);
    expect(problem({ query: {} })).toMatch(/Unknown property 'query'/);
  });

  it('$like: * any run, ? one character, \\ escapes, matched on the whole value', () => {
    const like = (pattern: string, values: string[]) =>
      search(
        values.map((v) => ({ key: v })),
        { filter: { key: { $like: pattern } } },
        { fields: ['key'] },
      ).items.map((r) => r.key);
    expect(like('a*c', ['ac', 'abc', 'abbbc', 'abcd', 'xabc'])).toEqual(['ac', 'abc', 'abbbc']);
    expect(like('a?c', ['ac', 'abc', 'abbc', 'a😀c'])).toEqual(['abc', 'a😀c']);
    expect(like('a\\*c', ['a*c', 'abc'])).toEqual(['a*c']);
    expect(like('a\\?', ['a?', 'ab'])).toEqual(['a?']);
    expect(like('a\\\\b', ['a\\b', 'ab'])).toEqual(['a\\b']);
    expect(like('ends\\', ['ends\\', 'ends'])).toEqual(['ends\\']);
    expect(like('*', ['', 'x'])).toEqual(['', 'x']);
    expect(like('**b*', ['b', 'abc', 'ac'])).toEqual(['b', 'abc']);
    expect(like('.+[x]', ['.+[x]', 'aa[x]'])).toEqual(['.+[x]']);
    expect(like('multi*line', ['multi\nline'])).toEqual(['multi\nline']);
  });

  it('$like with many wildcards against long values answers at once (no backtracking regex)', () => {
    // a backtracking regex tries every way to split 60 characters over 8 stars: billions of steps per value
    const values = Array.from({ length: 200 }, (_, i) => ({ key: `${'a'.repeat(59)}${i % 2 ? 'a' : 'c'}` }));
    const page = search(values, { filter: { key: { $like: '*a*a*a*a*a*a*a*a*b' } } }, { fields: ['key'] });
    expect(page.page.totalItems).toBe(0);
    expect(
      search(values, { filter: { key: { $like: '*a*a*a*a*a*a*a*a*c' } } }, { fields: ['key'] }).items,
    ).toHaveLength(100);
  });

  it('$in and $notIn look values up, and a filter over the value limit is a 400 naming it', () => {
    expect(run({ filter: { retries: { $in: [2, '3'] } } }).items.map((r) => r.retries)).toEqual([2, 3, 2, 3, 2, 3]);
    expect(run({ filter: { retries: { $notIn: [1, 2, 3] } } }).items).toHaveLength(3);
    const many = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `element-${i}`);
    expect(problem({ filter: { elementId: { $in: many } } })).toMatch(
      new RegExp(`more than ${MAX_FILTER_VALUES} values.*'filter\\.elementId\\.\\$in'`),
    );
    const half = many.slice(0, MAX_FILTER_VALUES / 2 + 1);
    expect(problem({ filter: { elementId: { $in: half }, state: { $notIn: half } } })).toMatch(
      /more than 1000 values.*'filter\.state\.\$notIn'/,
    );
    expect(run({ filter: { elementId: { $in: many.slice(0, MAX_FILTER_VALUES - 1) } } }).items).toEqual([]);
    expect(problem({ filter: { elementId: { $like: '*'.repeat(1_001) } } })).toMatch(
      /filter\.elementId\.\$like' must be at most 1000 characters/,
    );
  });
});
