/**
 * Bundles the two commands' entry points (src/main.ts for `npm start`, src/engine-main.ts for `npm run engine`)
 * into dist/ with esbuild: our TypeScript in one file each, packages left to node_modules. Running the bundle
 * with plain node saves tsx's per-start transform of ~170 files (about a second). `npm ci` builds it
 * (`prepare`); scripts/run-built.cjs rebuilds it before a start whenever a source changed, so a stale bundle
 * never runs. dist/build-inputs.json records every bundled source's size and mtime for that check.
 *
 * `node scripts/build.cjs` builds; require('./build.cjs').build() is the same from the runner.
 */
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const MANIFEST = path.join(DIST, 'build-inputs.json');
const ENTRIES = { main: 'src/main.ts', 'engine-main': 'src/engine-main.ts', 'loyalty-main': 'src/loyalty/loyalty-main.ts' };
// the process-test toolkit, for `require('baton/process-test')` (package.json "exports")
ENTRIES['process-test'] = 'src/process-test/index.ts';
/** files that change what the bundle would be without being bundled themselves */
const BUILD_SETTINGS = ['scripts/build.cjs', 'tsconfig.json', 'package.json'];

/**
 * A bundled file's `__dirname` would be dist/; code that finds files beside its source (the SQL migrations,
 * the project root) must still find them, so `__dirname` becomes the source's own directory, relative to
 * the bundle so the checkout can move.
 */
const sourceDirname = {
  name: 'source-dirname',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('__dirname')) return { contents, loader: 'ts' };
      const fromDist = path.relative(DIST, path.dirname(args.path)).split(path.sep).join('/');
      const replacement = `require('node:path').join(__dirname, ${JSON.stringify(fromDist)})`;
      return { contents: contents.replace(/\b__dirname\b/g, replacement), loader: 'ts' };
    });
  },
};

function fingerprint(file) {
  const stat = statSync(path.join(ROOT, file));
  return [stat.size, stat.mtimeMs];
}

/** Writes through a temporary file and a rename, so a start running at the same moment never reads half a file. */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

async function build() {
  const esbuild = require('esbuild');
  const startedAt = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: DIST,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
    plugins: [sourceDirname],
    // Each source's `if (require.main === module) run()` would fire for every file in one bundle (main.js
    // holds engine-main.ts too); the bundle runs its own entry's run() instead, when node runs it directly.
    define: { 'require.main': 'undefined' },
    footer: { js: 'if (require.main === module) module.exports.run();' },
  });
  mkdirSync(DIST, { recursive: true });
  for (const output of result.outputFiles) {
    let current;
    try {
      current = readFileSync(output.path);
    } catch {
      current = undefined;
    }
    if (!current?.equals(output.contents)) writeAtomically(output.path, output.contents);
  }
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
  const inputs = Object.fromEntries([...sources, ...BUILD_SETTINGS].map((file) => [file, fingerprint(file)]));
  // a source saved while the build ran may not be in the bundle: leave no manifest, so the next start rebuilds
  if (Object.values(inputs).every(([, mtimeMs]) => mtimeMs < startedAt)) {
    writeAtomically(MANIFEST, `${JSON.stringify({ entries: Object.keys(ENTRIES), inputs }, null, 1)}\n`);
  }
}

/** true when dist/ holds a bundle of `entry` made from the sources as they are now */
function isFresh(entry) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    statSync(path.join(DIST, `${entry}.js`));
  } catch {
    return false;
  }
  if (!manifest.entries?.includes(entry)) return false;
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    try {
      const [nowSize, nowMtimeMs] = fingerprint(file);
      if (nowSize !== size || nowMtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return true;
}

module.exports = { build, isFresh, DIST };

if (require.main === module) {
  build().catch((err) => {
    process.stderr.write(`Building dist/ failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
