/**
 * `npm start` / `npm run engine` / `npm run loyalty`: `node scripts/run-built.cjs main|engine-main|loyalty-main` runs that entry point's
 * bundle from dist/ in this process, rebuilding dist/ first if any bundled source changed since it was built
 * (a check of ~170 file sizes and mtimes, a few ms), so the bundle that runs is always the sources'.
 * Running in-process rather than as an npm `prestart` hook saves npm a second script and node a second start.
 */
const path = require('node:path');
const { build, DIST, isFresh } = require('./build.cjs');

const entry = process.argv[2];
if (!['main', 'engine-main', 'loyalty-main'].includes(entry)) {
  process.stderr.write(
    `usage: node scripts/run-built.cjs main|engine-main (got '${entry ?? ''}')\n` +
      '   or: node scripts/run-built.cjs loyalty-main\n',
  );
  process.exit(2);
}

async function ensureBuilt() {
  if (isFresh(entry)) return;
  process.stderr.write('Sources changed since dist/ was built: rebuilding it (scripts/build.cjs)\n');
  try {
    await build();
  } catch (err) {
    // esbuild has already printed each error with its file and line
    process.stderr.write(`Could not build dist/${entry}.js: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

ensureBuilt().then(() => {
  // stack traces name src/… lines, not the bundle's
  process.setSourceMapsEnabled(true);
  require(path.join(DIST, `${entry}.js`)).run();
});
