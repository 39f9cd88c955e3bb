/**
 * The README lists the known divergences from Zeebe and says they are "also in docs/divergences.md": the two
 * lists must stay the same, line for line, so neither falls behind when a divergence is added or removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

/** The list items and sub-headings after the line matching `start`, up to the next line matching `end`. */
function section(text: string, start: RegExp, end: RegExp): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((line) => start.test(line));
  if (from < 0) throw new Error(`no line matches ${start}`);
  const rest = lines.slice(from + 1);
  const to = rest.findIndex((line) => end.test(line));
  return (to < 0 ? rest : rest.slice(0, to)).filter((line) => /^(- |#+ )/.test(line));
}

test('README and docs/divergences.md list the same divergences', () => {
  const readme = section(readFileSync(path.join(root, 'README.md'), 'utf8'), /^### Known divergences/, /^##? /);
  const doc = section(readFileSync(path.join(root, 'docs/divergences.md'), 'utf8'), /^# Known divergences/, /^# /);
  const normalise = (lines: string[]) => lines.map((line) => line.replace(/^#+ /, '## '));
  expect(readme.length).toBeGreaterThan(20);
  expect(normalise(readme)).toEqual(normalise(doc));
});
