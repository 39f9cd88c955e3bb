/**
 * Lints BPMN XML the way the project's test suite and the Camunda Modeler do: bpmn-moddle with the zeebe
 * extension, then bpmnlint with the repository's .bpmnlintrc (bpmnlint:recommended + camunda-compat 8.8).
 * Moddle import warnings (unknown elements or attributes) count as errors: Zeebe would not see them; a
 * diagram element pointing at nothing is a warning.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { isDiagramReference, type ParseWarning } from '../../engine/model/read-bpmn';

export interface LintProblem {
  /** bpmnlint rule name, or 'import' for what bpmn-moddle could not read */
  rule: string;
  elementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

type LintReports = Record<string, { id?: string; message: string; category: string }[]>;
// bpmnlint ships no type declarations; these are the pieces used here.
const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: object; resolver: unknown }) => { lint(definitions: unknown): Promise<LintReports> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

interface LintConfig {
  extends?: string | string[];
  rules?: Record<string, unknown>;
  moddleExtensions?: Record<string, string>;
}

export interface BpmnLinter {
  lint(xml: string): Promise<LintProblem[]>;
}

function category(value: string): LintProblem['category'] {
  return value === 'error' || value === 'warn' ? value : 'info';
}

export function createBpmnLinter(configFile: string): BpmnLinter {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as LintConfig;
  const { moddleExtensions = {}, ...linterConfig } = config;
  const extensions = Object.fromEntries(
    Object.entries(moddleExtensions).map(([prefix, resource]) => [
      prefix,
      JSON.parse(readFileSync(require.resolve(resource, { paths: [path.dirname(configFile)] }), 'utf8')),
    ]),
  );
  const resolver = new NodeResolver();

  return {
    async lint(xml) {
      let imported: { rootElement: unknown; warnings: ParseWarning[] };
      try {
        imported = await new BpmnModdle(extensions).fromXML(xml, 'bpmn:Definitions');
      } catch (err) {
        return [{ rule: 'import', message: `not a BPMN 2.0 document: ${(err as Error).message}`, category: 'error' }];
      }
      // a diagram reference to nothing only warns: Zeebe deploys the file (it never reads the diagram)
      const problems: LintProblem[] = imported.warnings.map((w) => ({
        rule: 'import',
        message: w.message,
        category: isDiagramReference(w) ? 'warn' : 'error',
      }));
      // a fresh Linter per document: bpmnlint caches rule instances, and some rules (no-duplicate-sequence-flows)
      // keep state in them, so a reused Linter reports a document linted twice as full of duplicates
      const reports = await new Linter({ config: linterConfig, resolver }).lint(imported.rootElement);
      for (const [rule, entries] of Object.entries(reports)) {
        for (const entry of entries) {
          problems.push({ rule, elementId: entry.id, message: entry.message, category: category(entry.category) });
        }
      }
      return problems;
    },
  };
}
