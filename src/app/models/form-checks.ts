/**
 * The "lint" of a form (.form): Camunda form JSON — an object with an `id` (what a user task's formId
 * names) and a `components` list — that the engine's deploy validation accepts. Text that is not JSON
 * (with where it breaks) or JSON that is no object is unreadable: there is nothing the form editor could open.
 */
import { parseForm } from '../../engine/forms/parse-form';
import type { LintProblem } from './bpmn-linter';

export type FormCheck = { readable: false; message: string } | { readable: true; problems: LintProblem[] };

const error = (rule: string, message: string): LintProblem => ({ rule, message, category: 'error' });

export function checkForm(fileName: string, text: string): FormCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { readable: false, message: `not valid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { readable: false, message: 'not a Camunda form: the document must be a JSON object' };
  }
  const form = json as Record<string, unknown>;
  const problems: LintProblem[] = [];
  const parsed = parseForm(fileName, text);
  if (!parsed.ok)
    problems.push(error('form-id', `the form needs an id (what a user task's form links to): ${parsed.failure}`));
  if (!Array.isArray(form.components)) {
    problems.push(error('form-components', "the form needs a 'components' list (its fields), even an empty one"));
  }
  if (form.type !== undefined && form.type !== 'default') {
    problems.push({
      rule: 'form-type',
      message: `a Camunda form has type 'default', not '${String(form.type)}'`,
      category: 'warn',
    });
  }
  return { readable: true, problems };
}
