/**
 * Lint results in one shape, from the two places they come from: bpmn-js-bpmnlint's `linting.completed`
 * event (issues grouped by element id) and bpmn-js import warnings (elements or attributes the modeler could
 * not read, which the server's linter counts as errors too).
 */
export interface LintIssue {
  elementId?: string;
  message: string;
  rule: string;
  category: 'error' | 'warn' | 'info';
}

interface BpmnlintReport {
  id?: string;
  actualElementId?: string;
  message: string;
  category: string;
  rule?: string;
}

const ORDER = { error: 0, warn: 1, info: 2 } as const;

function category(value: string): LintIssue['category'] {
  return value === 'error' || value === 'warn' ? value : 'info';
}

export function issuesFromLintEvent(grouped: Record<string, BpmnlintReport[]>): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const [elementId, reports] of Object.entries(grouped)) {
    for (const report of reports) {
      issues.push({
        elementId: report.actualElementId ?? report.id ?? elementId,
        message: report.message,
        rule: report.rule ?? 'bpmnlint',
        category: category(report.category),
      });
    }
  }
  return sortIssues(issues);
}

/** A diagram element (bpmndi) pointing at nothing only warns: Zeebe deploys the file, as the server's lint says. */
const isDiagramReference = (w: { message: string; element?: { $type?: string } }) =>
  /^unresolved reference/i.test(w.message) && /^(bpmndi|di|dc):/.test(w.element?.$type ?? '');

export function issuesFromImportWarnings(
  warnings: { message: string; element?: { id?: string; $type?: string } }[],
): LintIssue[] {
  return warnings.map((w) => ({
    elementId: w.element?.id,
    message: w.message.split('\n')[0],
    rule: 'import',
    category: isDiagramReference(w) ? ('warn' as const) : ('error' as const),
  }));
}

export function sortIssues(issues: LintIssue[]): LintIssue[] {
  return [...issues].sort(
    (a, b) => ORDER[a.category] - ORDER[b.category] || (a.elementId ?? '').localeCompare(b.elementId ?? ''),
  );
}

export function countIssues(issues: LintIssue[]): { errors: number; warnings: number } {
  return {
    errors: issues.filter((i) => i.category === 'error').length,
    warnings: issues.filter((i) => i.category === 'warn').length,
  };
}
