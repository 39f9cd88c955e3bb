/**
 * What a save checks in a model's text, by kind, before it is stored: the document itself (size, safe and
 * well-formed XML, or JSON for a form: else 400 naming the body), that it is a model the editor can open
 * (else 422), then its problems — bpmnlint for BPMN, the engine's deploy validation for decisions and forms —
 * which make the save a draft.
 */
import { HttpProblem } from '../http/problem';
import { checkBpmnDocument } from './bpmn-document-checks';
import type { BpmnLinter, LintProblem } from './bpmn-linter';
import { checkDmn } from './dmn-checks';
import { checkForm } from './form-checks';
import { type ModelRef, modelLabel } from './model-store';

export interface ModelCheckDeps {
  linter: BpmnLinter;
  maxModelBytes: number;
}

const notSaved = (ref: ModelRef) => `Model ${modelLabel(ref)} was not saved`;

/** bpmn-moddle could not read the document as BPMN at all: there is nothing a modeler could open */
const notBpmn = (problems: LintProblem[]) =>
  problems.some((p) => p.rule === 'import' && p.message.startsWith('not a BPMN 2.0 document'));

/** The model's problems (errors make a draft, the rest are warnings); throws the 400/422 of an unreadable one. */
export async function modelProblems(ref: ModelRef, text: string, deps: ModelCheckDeps): Promise<LintProblem[]> {
  if (ref.kind === 'form') return formProblems(ref, text, deps.maxModelBytes);
  const document = checkBpmnDocument(text, deps.maxModelBytes);
  if (!document.ok) {
    const messages = document.problems.map((p) => p.message).join('; ');
    throw new HttpProblem(400, `${notSaved(ref)}: ${messages}`, {
      problems: document.problems,
      ...(ref.kind === 'bpmn' ? {} : { errors: [{ field: '(body)', message: messages }] }),
    });
  }
  if (ref.kind === 'dmn') {
    const dmn = await checkDmn(`${ref.name}.dmn`, text);
    if (!dmn.readable)
      throw new HttpProblem(422, `${notSaved(ref)}: ${dmn.problem.message}`, { problems: [dmn.problem] });
    return dmn.problems;
  }
  const problems = await deps.linter.lint(text);
  if (notBpmn(problems)) throw new HttpProblem(422, `${notSaved(ref)}: ${problems[0].message}`, { problems });
  return problems;
}

function formProblems(ref: ModelRef, text: string, maxModelBytes: number): LintProblem[] {
  const bytes = Buffer.byteLength(text, 'utf8');
  const tooLarge =
    bytes > maxModelBytes && `the document is ${bytes} bytes; models may be at most ${maxModelBytes} bytes`;
  const empty = text.trim() === '' && 'the document is empty';
  const form = tooLarge || empty ? undefined : checkForm(`${ref.name}.form`, text);
  const unreadable = tooLarge || empty || (form && !form.readable ? form.message : undefined);
  if (unreadable) {
    throw new HttpProblem(400, `${notSaved(ref)}: ${unreadable}`, {
      problems: [{ message: unreadable }],
      errors: [{ field: '(body)', message: unreadable }],
    });
  }
  return form?.readable ? form.problems : [];
}
