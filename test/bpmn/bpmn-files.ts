/**
 * Test helper: reads every model in bpmn/, parses it with bpmn-moddle + the zeebe extension, and lints it
 * with the project's .bpmnlintrc (bpmnlint:recommended + camunda-compat for Camunda 8.8).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';

type LintReports = Record<string, { id?: string; message: string; category: string }[]>;
// bpmnlint ships no type declarations; these are the two pieces used here.
const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: object; resolver: unknown }) => { lint(definitions: unknown): Promise<LintReports> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

export const ROOT = path.join(__dirname, '..', '..');
export const BPMN_DIR = path.join(ROOT, 'bpmn');

export interface LintProblem {
  file: string;
  rule: string;
  elementId?: string;
  message: string;
  category: string;
}

export function bpmnFiles(): string[] {
  return readdirSync(BPMN_DIR)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => path.join(BPMN_DIR, f));
}

function lintConfig(): {
  extends: string[];
  rules?: Record<string, unknown>;
  moddleExtensions: Record<string, string>;
} {
  return JSON.parse(readFileSync(path.join(ROOT, '.bpmnlintrc'), 'utf8'));
}

export function createModdle(): InstanceType<typeof BpmnModdle> {
  const extensions = Object.fromEntries(
    Object.entries(lintConfig().moddleExtensions).map(([prefix, resource]) => [
      prefix,
      JSON.parse(readFileSync(require.resolve(resource), 'utf8')),
    ]),
  );
  return new BpmnModdle(extensions);
}

// biome-ignore lint/suspicious/noExplicitAny: bpmn-moddle's definitions object is untyped.
export async function parseBpmn(xml: string): Promise<{ definitions: any; warnings: string[] }> {
  const { rootElement, warnings } = await createModdle().fromXML(xml, 'bpmn:Definitions');
  return { definitions: rootElement, warnings: warnings.map((w: { message: string }) => w.message) };
}

export function lintBpmnFile(file: string): Promise<LintProblem[]> {
  return lintBpmnText(readFileSync(file, 'utf8'), path.basename(file));
}

export async function lintBpmnText(xml: string, fileName = 'inline.bpmn'): Promise<LintProblem[]> {
  const { definitions, warnings } = await parseBpmn(xml);
  const { moddleExtensions: _extensions, ...config } = lintConfig();
  const linter = new Linter({ config, resolver: new NodeResolver() });
  const reports = await linter.lint(definitions);
  const problems: LintProblem[] = warnings.map((message) => ({
    file: fileName,
    rule: 'import',
    message,
    category: 'error',
  }));
  for (const [rule, entries] of Object.entries(reports)) {
    for (const entry of entries) {
      problems.push({ file: fileName, rule, elementId: entry.id, message: entry.message, category: entry.category });
    }
  }
  return problems;
}
