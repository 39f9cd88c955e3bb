// Jest runs test code in a vm context where dynamic `import()` throws unless Node runs with
// --experimental-vm-modules. Some CommonJS bundles (PGlite's dist/*.cjs) load Node built-ins with
// `await import("fs/promises")`; this transform rewrites exactly those calls to `process.getBuiltinModule`, returning the
// module with a `default` as an ES namespace would, and passes every other file through untouched.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { isBuiltin } = require('node:module');

// Part of every cache key, so editing this transform invalidates what jest cached from older versions.
const selfHash = createHash('sha256').update(readFileSync(__filename)).digest('hex');

const dynamicImport = /\bimport\(\s*(["'])([^"']+)\1\s*\)/g;

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256').update(selfHash).update(filename).update(source).digest('hex');
  },
  process(source) {
    if (!source.includes('import(')) return { code: source };
    const code = source.replace(dynamicImport, (call, _quote, name) =>
      // process.getBuiltinModule, not require: bundles may declare their own `require` in that scope.
      isBuiltin(name)
        ? `Promise.resolve().then(() => { const m = globalThis.process.getBuiltinModule(${JSON.stringify(name)}); return { ...m, default: m }; })`
        : call,
    );
    return { code };
  },
};
