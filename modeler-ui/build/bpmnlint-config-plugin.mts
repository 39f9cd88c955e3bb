/**
 * Vite plugin: `import lintConfig from 'virtual:bpmnlint-config'` yields the repository's .bpmnlintrc
 * (bpmnlint:recommended + camunda-compat for Camunda 8.8) compiled for the browser by bpmnlint's own
 * compile-config, so the modeler lints with exactly the rules the server's PUT /api/models uses.
 */
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:bpmnlint-config';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

type CompileConfig = (config: object) => Promise<string>;

export function bpmnlintConfigPlugin(configFile: string, compileConfig: CompileConfig): Plugin {
  return {
    name: 'baton-bpmnlint-config',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      this.addWatchFile(configFile);
      // moddleExtensions are for the server's linter; the modeler already loads zeebe-bpmn-moddle itself
      const { moddleExtensions: _ignored, ...config } = JSON.parse(readFileSync(configFile, 'utf8'));
      return compileConfig(config);
    },
  };
}
