/**
 * Builds the modeler UI (modeler-ui/src) into modeler-ui/dist, which the app serves at `/`.
 * `npm run build:ui`. The dev server (`npx vite --config modeler-ui/vite.config.ts`) proxies /api, /v2,
 * /health and /ready to a running `npm start` (BATON_URL, default http://localhost:3000).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { bpmnlintConfigPlugin } from './build/bpmnlint-config-plugin.mts';

const uiRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(uiRoot, '..');
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const compileConfig = requireFromRepo('bpmnlint/lib/support/compile-config');
const backend = process.env.BATON_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: uiRoot,
  // relative asset URLs: the UI also works behind a reverse proxy under a sub-path
  base: './',
  plugins: [bpmnlintConfigPlugin(path.join(repoRoot, '.bpmnlintrc'), compileConfig)],
  // one preact for all: form-js-editor brings its own copy, and its properties panel hooks (from the shared
  // @bpmn-io/properties-panel) then run under another preact than the component that renders them
  resolve: { dedupe: ['preact'] },
  build: {
    outDir: path.join(uiRoot, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: Object.fromEntries(['/api', '/v2', '/health', '/ready'].map((prefix) => [prefix, backend])),
  },
});
