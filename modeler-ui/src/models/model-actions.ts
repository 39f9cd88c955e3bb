/**
 * What the editor's Save, Deploy and Start buttons do, with the API key asked for when needed and every
 * failure explained: lint errors from the server listed in the problems panel, a model changed by someone
 * else (412), an engine that rejects the model, variables that are not a JSON object.
 */
import { createProcessInstance, deployModel, listModels, saveModel } from '../api/client';
import { ApiError } from '../api/http';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorMessage } from '../ui/toast';
import { exampleVariables, rememberVariables } from './example-variables';
import { countIssues, type LintIssue } from './lint-issues';
import type { ModelEditor } from './model-editor';
import { parseStartVariables } from './start-variables';

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

async function askForNewName(suggestion: string): Promise<string | undefined> {
  const input = h('input', {
    class: 'input',
    name: 'modelName',
    'data-testid': 'model-name-input',
    'aria-label': 'Model name',
  });
  input.value = suggestion;
  // a decision or form may share the name: only another process file is in the way
  const processes = (await listModels().catch(() => [])).filter((m) => (m.kind ?? 'bpmn') === 'bpmn');
  const existing = new Set(processes.map((m) => m.name));
  return openDialog({
    title: 'Save new model',
    body: [h('p', {}, 'File name in bpmn/ (".bpmn" is added):'), input],
    focus: input,
    confirmLabel: 'Save',
    onConfirm: () => {
      const name = input.value.trim().replace(/\.bpmn$/, '');
      if (!MODEL_NAME.test(name)) {
        throw new Error("Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      if (existing.has(name)) throw new Error(`A model named ${name} exists already: choose another name`);
      return name;
    },
  });
}

function kebab(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .toLowerCase();
}

/** Saves through PUT /api/models/{name}; true when saved. */
export async function saveModelFlow(editor: ModelEditor): Promise<boolean> {
  let name = editor.name;
  if (!name) {
    name = await askForNewName(kebab(editor.processId ?? 'new-process'));
    if (!name) return false;
  }
  const xml = await editor.xml();
  try {
    const saved = await withApiKey(() => saveModel(name, xml, editor.etag));
    if (!saved) return false;
    editor.name = name;
    editor.etag = saved.etag;
    editor.markSaved(xml);
    if (saved.draft) {
      const errors = saved.problems?.length ?? 0;
      editor.notify(
        `Saved ${name}.bpmn as a draft`,
        'info',
        `${errors} problem${errors === 1 ? '' : 's'} to fix before it can be deployed (listed under Problems).`,
      );
      return true;
    }
    const warnings = saved.warnings.length;
    editor.notify(`Saved ${name}.bpmn`, 'success', warnings ? `${warnings} lint warning(s) remain` : undefined);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422 && err.problems.length) {
      editor.showServerProblems(err.problems.map(toIssue));
      editor.notify(
        `Not saved: the server found ${countIssues(err.problems.map(toIssue)).errors} lint error(s)`,
        'error',
        err.message,
      );
    } else if (err instanceof ApiError && err.status === 412) {
      editor.notify(
        'Not saved: someone else changed this model',
        'error',
        'Download your version, reload the model and apply your change again.',
      );
    } else {
      editor.notify('Not saved', 'error', errorMessage(err));
    }
    return false;
  }
}

function toIssue(problem: { rule?: string; elementId?: string; message: string; category?: string }): LintIssue {
  const category = problem.category === 'warn' || problem.category === 'info' ? problem.category : 'error';
  return { rule: problem.rule ?? 'server', elementId: problem.elementId, message: problem.message, category };
}

/** Saves unsaved changes, then deploys the saved file (never a draft: lint errors block it). */
export async function deployModelFlow(editor: ModelEditor): Promise<boolean> {
  const { errors } = countIssues(editor.issues);
  if (errors > 0) {
    editor.notify('Not deployed', 'error', `Fix the ${errors} lint error(s) listed under Problems first.`);
    return false;
  }
  if ((editor.dirty || !editor.name) && !(await editor.save())) return false;
  const name = editor.name as string;
  try {
    const deployment = await withApiKey(() => deployModel(name));
    if (!deployment) return false;
    const processes = deployment.processes.map((p) => `${p.bpmnProcessId} version ${p.version}`).join(', ');
    editor.notify(`Deployed ${name}`, 'success', processes || undefined);
    return true;
  } catch (err) {
    editor.notify(`${name} was not deployed`, 'error', errorMessage(err));
    return false;
  }
}

/** Asks for start variables (a JSON object) and starts the latest deployed version; returns the new key. */
export async function startInstanceFlow(editor: ModelEditor): Promise<string | undefined> {
  const processId = editor.processId;
  if (!processId) return undefined;
  const textarea = h('textarea', {
    class: 'input code',
    rows: 12,
    spellcheck: 'false',
    name: 'variables',
    'data-testid': 'start-variables',
    'aria-label': 'Start variables (JSON)',
  });
  textarea.value = exampleVariables(processId);
  const note = editor.dirty
    ? h(
        'p',
        { class: 'dialog-warning' },
        'This model has changes that are not deployed yet: the instance runs the last deployed version.',
      )
    : h('span');
  const started = await openDialog({
    title: `Start ${processId}`,
    testId: 'start-dialog',
    body: [
      note,
      h('p', {}, 'Variables as a JSON object. The latest deployed version of ', h('code', {}, processId), ' starts.'),
      textarea,
    ],
    focus: textarea,
    confirmLabel: 'Start',
    onConfirm: async () => {
      const parsed = parseStartVariables(textarea.value);
      if (!parsed.ok) throw new Error(parsed.message);
      try {
        const created = await withApiKey(() => createProcessInstance(processId, parsed.variables));
        if (!created) throw new Error('Not started: an API key is needed');
        rememberVariables(processId, textarea.value);
        return created.processInstanceKey;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          throw new Error(`${processId} is not deployed yet: deploy it first (${err.message})`);
        }
        throw err;
      }
    },
  });
  if (started) editor.notify(`Started instance ${started}`, 'success');
  return started;
}
