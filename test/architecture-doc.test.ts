/**
 * docs/architecture.md is the one-page map of the code: every module path it names (in backticks) must exist, so
 * the map fails this test the day a listed module moves or disappears instead of quietly going stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const TOP_FOLDERS = ['src', 'workers', 'modeler-ui', 'bpmn', 'test', 'scripts', 'bench', 'docs'];

/** Every backticked path in the text that starts with one of the project's top folders. */
export function modulePaths(markdown: string): string[] {
  const paths = new Set<string>();
  for (const [, quoted] of markdown.matchAll(/`([^`\s]+)`/g)) {
    const candidate = quoted.replace(/[.,:;]$/, '');
    if (TOP_FOLDERS.some((top) => candidate.startsWith(`${top}/`))) paths.add(candidate);
  }
  return [...paths];
}

test('every module docs/architecture.md names exists', () => {
  const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
  const named = modulePaths(doc);
  expect(named.length).toBeGreaterThan(30);
  expect(named.filter((p) => !existsSync(path.join(root, p)))).toEqual([]);
});

test('a module the map names but the tree lacks is reported', () => {
  const missing = modulePaths('the engine is in `src/engine/engine.ts` and `src/engine/no-such-module.ts`.').filter(
    (p) => !existsSync(path.join(root, p)),
  );
  expect(missing).toEqual(['src/engine/no-such-module.ts']);
});
