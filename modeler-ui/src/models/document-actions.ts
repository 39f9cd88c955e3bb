/**
 * Check, Save and Deploy of a decision or form, through the app's models API: Check asks for the problems a
 * save would report (the engine's deploy checks) without saving; Save writes the file, or keeps a draft
 * while problems remain; Deploy saves unsaved changes first and deploys the saved file. The server's
 * reasons are shown in plain words in the problems panel.
 */
import { checkDocument, deployModel, type LintProblem, listModels, saveDocument } from '../api/client';
import { ApiError } from '../api/http';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorMessage } from '../ui/toast';
import type { DocumentEditor } from './document-editor';
import { documentProblemWords } from './document-problem-words';
import type { LintIssue } from './lint-issues';
import { KIND_WORDS, modelLabel } from './model-kind';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function toIssues(problems: { rule?: string; message: string; category?: string }[]): LintIssue[] {
  return problems.map((p) => ({
    rule: p.rule ?? 'server',
    message: documentProblemWords(p.message),
    category: p.category === 'warn' || p.category === 'info' ? p.category : 'error',
  }));
}

async function askForName(editor: DocumentEditor): Promise<string | undefined> {
  const input = h('input', {
    class: 'input',
    name: 'modelName',
    'data-testid': 'model-name-input',
    'aria-label': 'Name',
  });
  input.value = `new-${KIND_WORDS[editor.kind]}`;
  const existing = new Set(
    (await listModels().catch(() => [])).filter((m) => (m.kind ?? 'bpmn') === editor.kind).map((m) => m.name),
  );
  return openDialog({
    title: `Save new ${KIND_WORDS[editor.kind]}`,
    body: [h('p', {}, `File name in bpmn/ (".${editor.kind}" is added):`), input],
    focus: input,
    confirmLabel: 'Save',
    onConfirm: () => {
      const name = input.value.trim().replace(new RegExp(`\\.${editor.kind}$`), '');
      if (!MODEL_NAME.test(name)) {
        throw new Error("Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      if (existing.has(name)) throw new Error(`${name}.${editor.kind} exists already: choose another name`);
      return name;
    },
  });
}

/** Problems from a refused request (400/422 carry `problems`), or undefined for any other failure. */
function refusedProblems(err: unknown): LintProblem[] | undefined {
  return err instanceof ApiError && (err.status === 400 || err.status === 422) && err.problems.length
    ? (err.problems as LintProblem[])
    : undefined;
}

/** Check: the problems a save would report; `announce` also says so in a toast. */
export async function checkDocumentFlow(editor: DocumentEditor, announce = true): Promise<boolean> {
  const label = editor.label ?? modelLabel({ name: 'new', kind: editor.kind });
  try {
    const checked = await withApiKey(async () => checkDocument(label, await editor.text()));
    if (!checked) return false;
    editor.showProblems(toIssues(checked.problems));
    if (announce) {
      const errors = editor.errors;
      editor.notify(
        errors ? `${errors} problem${errors === 1 ? '' : 's'} found` : 'No problems: the engine can deploy this',
        errors ? 'error' : 'success',
      );
    }
    return editor.errors === 0;
  } catch (err) {
    const problems = refusedProblems(err);
    if (problems) editor.showProblems(toIssues(problems));
    if (announce) editor.notify('Check failed', 'error', errorMessage(err));
    return false;
  }
}

/** Save: PUT /api/models/{name}.{kind}; true when saved (a draft counts). */
export async function saveDocumentFlow(editor: DocumentEditor): Promise<boolean> {
  if (editor.name === undefined) {
    const name = await askForName(editor);
    if (!name) return false;
    editor.name = name;
  }
  const label = editor.label as string;
  try {
    const text = await editor.text();
    const saved = await withApiKey(() => saveDocument(label, text, editor.etag));
    if (!saved) return false;
    editor.markSaved(saved, text);
    editor.showProblems(toIssues([...(saved.problems ?? []), ...saved.warnings]));
    if (saved.draft) {
      const errors = saved.problems?.length ?? 0;
      editor.notify(
        `Saved ${label} as a draft`,
        'info',
        `${errors} problem${errors === 1 ? '' : 's'} to fix before it can be deployed (listed under Problems).`,
      );
    } else {
      editor.notify(`Saved ${label}`, 'success');
    }
    return true;
  } catch (err) {
    const problems = refusedProblems(err);
    if (problems) editor.showProblems(toIssues(problems));
    if (err instanceof ApiError && err.status === 412) {
      editor.notify(
        `Not saved: someone else changed this ${KIND_WORDS[editor.kind]}`,
        'error',
        'Download your version, reload and apply your change again.',
      );
    } else {
      editor.notify('Not saved', 'error', errorMessage(err));
    }
    return false;
  }
}

/** Deploy: saves unsaved changes, then deploys the saved file (a draft is refused by the server). */
export async function deployDocumentFlow(editor: DocumentEditor): Promise<boolean> {
  const unsaved = editor.name === undefined || (await editor.compareWithSaved());
  if (unsaved && !(await editor.save())) return false;
  if (editor.errors > 0) {
    editor.notify('Not deployed', 'error', `Fix the ${editor.errors} problem(s) listed under Problems first.`);
    return false;
  }
  const label = editor.label as string;
  try {
    const deployment = await withApiKey(() => deployModel(label));
    if (!deployment) return false;
    const what = [
      ...(deployment.decisions ?? []).map((d) => `decision ${d.decisionId} version ${d.version}`),
      ...(deployment.forms ?? []).map((f) => `form ${f.formId} version ${f.version}`),
    ].join(', ');
    editor.notify(`Deployed ${label}`, 'success', what || undefined);
    return true;
  } catch (err) {
    const problems = refusedProblems(err);
    if (problems) editor.showProblems(toIssues(problems));
    editor.notify(`${label} was not deployed`, 'error', errorMessage(err));
    return false;
  }
}
