/**
 * What every benchmark reports: a measurement repeated at least three times (min/median/max), optionally
 * beside a baseline measured in the same run, and the ratio that is the claim, with its target.
 */
export interface Summary {
  min: number;
  median: number;
  max: number;
}

export interface BenchRow {
  name: string;
  unit: string;
  ours: Summary;
  baseline?: { name: string; summary: Summary };
  /** ours ÷ baseline (or, for costs, the figure itself) with the target it must meet (none: information only) */
  ratio?: { label: string; value: number; target?: number; higherIsBetter: boolean };
  note?: string;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

export async function repeat(times: number, measure: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await measure());
  return samples;
}

export function passes(row: BenchRow): boolean | undefined {
  if (!row.ratio || row.ratio.target === undefined) return undefined;
  return row.ratio.higherIsBetter ? row.ratio.value >= row.ratio.target : row.ratio.value <= row.ratio.target;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));
const range = (s: Summary) => `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;

export function formatTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'ours (min / median / max)', 'baseline (min / median / max)', 'ratio', 'target', ''];
  const lines = rows.map((r) => [
    r.name,
    `${range(r.ours)} ${r.unit}`,
    r.baseline ? `${r.baseline.name}: ${range(r.baseline.summary)} ${r.unit}` : '',
    r.ratio ? `${r.ratio.label} ${fmt(r.ratio.value)}` : '',
    r.ratio?.target !== undefined ? `${r.ratio.higherIsBetter ? '≥' : '≤'} ${r.ratio.target}` : '',
    passes(r) === undefined ? '' : passes(r) ? 'pass' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`);
  return [
    row(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(row),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
