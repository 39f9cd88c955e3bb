/**
 * README's and docs/benchmarks.md's benchmark tables are what bench/results.json says (issue 26: "README's
 * table is regenerated from bench/results.json"): a hand edit, or a bench run whose tables were not rewritten,
 * fails here.
 */
import { readFileSync } from 'node:fs';
import { benchTable, readResults, TABLE_FILES, withTable } from '../../bench/tables';

test.each(TABLE_FILES)('$file shows the table of bench/results.json', ({ file, notes }) => {
  const text = readFileSync(file, 'utf8');
  expect(withTable(text, benchTable(readResults(), notes), file)).toBe(text);
});

test('a changed figure changes the table (the check can fail)', () => {
  const results = readResults();
  const changed = { ...results, rows: [{ ...results.rows[0], ours: { min: 1, median: 2, max: 3 } }] };
  expect(benchTable(changed, true)).not.toBe(benchTable(results, true));
});

test('a file without the markers is refused, naming it', () => {
  expect(() => withTable('# no table here', 'x', 'NOTES.md')).toThrow(/NOTES\.md: no/);
});
