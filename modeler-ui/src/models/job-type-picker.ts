/**
 * The job type field of the properties panel as a picker: it offers the task types this app has workers for
 * (a list under the field, each with its process and whether its worker runs), and says under the field what
 * the typed type will meet — a running worker, a worker that is not running here, or none at all, in which
 * case the step would wait for ever.
 */
import { type JobType, listJobTypes } from '../api/client';
import { h, replaceChildren } from '../ui/dom';

const FIELD_ID = 'bio-properties-panel-taskDefinitionType';
const LIST_ID = 'baton-job-types';

function describe(jobType: JobType): string {
  const status = jobType.running === undefined ? '' : jobType.running ? ' · worker running' : ' · worker not running';
  return `${jobType.process}${status}`;
}

/** What a step with this job type will meet, in one sentence. */
export function jobTypeHint(value: string, jobTypes: JobType[]): { text: string; kind: 'ok' | 'warn' } {
  const type = value.trim();
  if (!type) return { text: 'Choose the worker that does this step.', kind: 'warn' };
  const found = jobTypes.find((j) => j.type === type);
  if (!found) return { text: `No worker of this app handles “${type}”: the step would wait for one.`, kind: 'warn' };
  if (found.running === false) return { text: `A worker exists for “${type}” but is not running now.`, kind: 'warn' };
  const reads = found.reads.length ? ` It reads ${found.reads.join(', ')}.` : '';
  return { text: `Done by the ${type} worker (${found.process}).${reads}`, kind: 'ok' };
}

/**
 * Watches the properties panel and turns each job type field that appears into the picker; the list of
 * options lives in `listHost`, outside the panel's own (preact-rendered) elements.
 */
export function attachJobTypePicker(panel: HTMLElement, listHost: HTMLElement): () => void {
  let jobTypes: JobType[] = [];
  const list = h('datalist', { id: LIST_ID, 'data-testid': 'job-type-options' });
  listHost.append(list);

  const enhance = () => {
    const field = panel.querySelector<HTMLInputElement>(`#${FIELD_ID}`);
    if (!field) return;
    field.setAttribute('list', LIST_ID);
    let hint = field.parentElement?.querySelector<HTMLElement>('.job-type-hint');
    if (!hint) {
      hint = h('div', { class: 'job-type-hint', 'data-testid': 'job-type-hint', role: 'status' });
      field.insertAdjacentElement('afterend', hint);
      field.addEventListener('input', () => enhance());
    }
    const { text, kind } = jobTypeHint(field.value, jobTypes);
    // only real changes: each one is a mutation this observer sees again
    if (hint.textContent !== text) hint.textContent = text;
    if (hint.className !== `job-type-hint ${kind}`) hint.className = `job-type-hint ${kind}`;
  };

  const observer = new MutationObserver(() => enhance());
  observer.observe(panel, { childList: true, subtree: true });
  listJobTypes()
    .then((loaded) => {
      jobTypes = loaded;
      replaceChildren(
        list,
        loaded.map((j) => h('option', { value: j.type, label: `${j.type} — ${describe(j)}` })),
      );
      enhance();
    })
    // an older server without /api/job-types: the field stays free text
    .catch(() => {});
  return () => observer.disconnect();
}
