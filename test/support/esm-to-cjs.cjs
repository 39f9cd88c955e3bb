// Jest runs CommonJS; a few dependencies (bpmn-moddle, feelin, …) ship only ES modules. This transform
// rewrites ES module files to CommonJS and leaves CommonJS files alone, so tests load the same packages
// the app loads at run time.
const ts = require('typescript');

const esmSyntax = /^\s*(import\s*[\w*{'"]|export\s)/m;

module.exports = {
  process(source, filename) {
    if (!esmSyntax.test(source)) return { code: source };
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        allowJs: true,
        esModuleInterop: true,
      },
    });
    return { code: out.outputText };
  },
};
