/**
 * The toolkit's own entry point (issue 28, point 8): `baton/process-test` through package.json "exports",
 * imported by the package's name as a user's test would: TypeScript resolves it to the sources' types (this
 * file type-checks with `tsc`), jest and plain node load it, and the built bundle (dist/process-test.js) is
 * what node gets. The root stays closed: only the listed subpaths are exported.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as fromPackage from 'baton/process-test';
import * as fromSources from '../../src/process-test';

const ROOT = path.join(__dirname, '..', '..');
const { build, isFresh } = require('../../scripts/build.cjs') as {
  build(): Promise<void>;
  isFresh(entry: string): boolean;
};

describe('the baton/process-test entry point', () => {
  beforeAll(async () => {
    if (!isFresh('process-test')) await build();
  }, 120_000);

  it('imports by the package name in a TypeScript test, with the same exports as the sources', () => {
    expect(typeof fromPackage.createProcessTest).toBe('function');
    expect(typeof fromPackage.useProcessTest).toBe('function');
    expect(Object.keys(fromPackage).sort()).toEqual(Object.keys(fromSources).sort());
  });

  it('loads in plain node from the built bundle, by the package name', () => {
    const script = `const pt = require('baton/process-test');
      console.log(JSON.stringify({ file: require.resolve('baton/process-test'), names: Object.keys(pt).sort() }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(path.relative(ROOT, out.file)).toBe(path.join('dist', 'process-test.js'));
    expect(out.names).toEqual(Object.keys(fromSources).sort());
  });

  it('exports nothing else: the package root and deep paths are closed', () => {
    const attempt = (specifier: string) =>
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(specifier)})`], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    expect(() => attempt('baton')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    expect(() => attempt('baton/src/process-test/index.ts')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
