/**
 * README's and docs/benchmarks.md's tables come from bench/results.json, never typed by hand: `npm run bench`
 * rewrites them after a full run, `npm run bench:tables` after editing the JSON, and test/bench/tables checks
 * that both files still say what the JSON says. Each file marks its table with BEGIN/END comments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchRow, formatTable } from './stats';

export interface BenchResults {
  date: string;
  quick?: boolean;
  machine: { cores: number; memoryGiB: number; cpu?: string; node: string };
  seconds: number;
  rows: (BenchRow & { pass?: boolean; seconds?: number })[];
}

const ROOT = path.join(__dirname, '..');
export const RESULTS = path.join(ROOT, 'bench', 'results.json');
/** the files that show the table, and whether they show the rows' notes too */
export const TABLE_FILES = [
  { file: path.join(ROOT, 'README.md'), notes: false },
  { file: path.join(ROOT, 'docs', 'benchmarks.md'), notes: true },
];
const BEGIN = '<!-- bench-table: generated from bench/results.json by `npm run bench:tables` -->';
const END = '<!-- /bench-table -->';

/** The generated block: the run's machine and length, the table, and (for docs) the notes. */
export function benchTable(results: BenchResults, notes: boolean): string {
  const m = results.machine;
  const rows = notes ? results.rows : results.rows.map(({ note: _note, ...row }) => row);
  const minutes = (results.seconds / 60).toFixed(1);
  return [
    `One run of \`npm run bench\`, ${results.date.slice(0, 10)}, on ${m.cores} cores, ${m.memoryGiB} GiB, ` +
      `${m.cpu ?? 'unknown CPU'}, Node ${m.node} (${minutes} minutes):`,
    '',
    formatTable(rows),
  ].join('\n');
}

/** `text` with its marked block replaced by `block`; throws when the markers are missing. */
export function withTable(text: string, block: string, file: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file}: no "${BEGIN}" … "${END}" block`);
  return `${text.slice(0, begin + BEGIN.length)}\n${block}\n${text.slice(end)}`;
}

export function readResults(): BenchResults {
  return JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
}

export function writeBenchTables(results: BenchResults = readResults()): void {
  for (const { file, notes } of TABLE_FILES) {
    writeFileSync(file, withTable(readFileSync(file, 'utf8'), benchTable(results, notes), file));
  }
}

if (require.main === module) writeBenchTables();
