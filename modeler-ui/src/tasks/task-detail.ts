/**
 * One task, as Tasklist shows it: what it is (process, instance, dates, priority, who holds it), Claim or
 * Unclaim, and its work: the linked Camunda form filled with the task's variables, or, for a task without a
 * form, its variables to read. Complete sends the form's values (validated first) as the task's variables.
 * Like Tasklist, the form is for whoever claimed the task: unclaimed or someone else's, it stays disabled.
 */
import { withApiKey } from '../ui/api-key-prompt';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime, formatVariableValue } from '../ui/format';
import { errorMessage, toast } from '../ui/toast';
import { failure, loading } from '../ui/view';
import { type RenderedForm, renderCamundaForm } from './camunda-form';
import type { CurrentUser } from './current-user';
import { dueLabel, priorityLabel } from './task-query';
import { claimTask, completeTask, taskForm, taskVariables, type UserTask, unclaimTask } from './user-tasks-api';

export interface TaskDetailOptions {
  user: () => CurrentUser | undefined;
  /** asks who "me" is; undefined when the person cancelled */
  askUser: () => Promise<CurrentUser | undefined>;
  /** the task was changed on the server (claimed, unclaimed, completed): reload until a read shows it (`done`) */
  onChanged: (done: (task: UserTask | undefined) => boolean) => void;
}

export interface TaskDetail {
  readonly element: HTMLElement;
  destroy(): void;
}

export function taskDetail(task: UserTask, options: TaskDetailOptions): TaskDetail {
  const title = task.name || task.elementId;
  const headingId = `task-title-${task.userTaskKey}`;
  const work = h('div', { class: 'task-work' }, loading('the task'));
  const actions = h('div', { class: 'task-actions' });
  const element = h(
    'section',
    { class: 'task-detail', 'aria-labelledby': headingId, 'data-testid': `task-detail-${task.userTaskKey}` },
    h('h2', { id: headingId, class: 'task-title', tabindex: -1 }, title),
    facts(task),
    actions,
    work,
  );
  let form: RenderedForm | undefined;
  let destroyed = false;

  const mine = () => task.assignee !== undefined && task.assignee === options.user()?.name;

  const run = async (what: string, action: () => Promise<void>, done: (t: UserTask | undefined) => boolean) => {
    try {
      const sent = await withApiKey(async () => {
        await action();
        return true;
      });
      if (sent) {
        toast(what, 'success');
        options.onChanged(done);
      }
    } catch (err) {
      toast(`${what.split(':')[0]} failed`, 'error', errorMessage(err));
    }
  };

  const claim = h('button', { type: 'button', class: 'button primary', 'data-testid': 'task-claim' }, 'Claim');
  claim.addEventListener('click', async () => {
    const user = options.user() ?? (await options.askUser());
    if (!user) return;
    await run(
      `Claimed: “${title}” is assigned to ${user.name}`,
      () => claimTask(task.userTaskKey, user.name),
      (t) => t?.assignee === user.name,
    );
  });
  const unclaim = h('button', { type: 'button', class: 'button', 'data-testid': 'task-unclaim' }, 'Unclaim');
  unclaim.addEventListener('click', () =>
    run(
      `Unclaimed: “${title}”`,
      () => unclaimTask(task.userTaskKey),
      (t) => !t?.assignee,
    ),
  );
  const complete = h(
    'button',
    { type: 'button', class: 'button primary', 'data-testid': 'task-complete' },
    'Complete task',
  );
  complete.addEventListener('click', async () => {
    const values = form ? form.submit() : {};
    if (!values) {
      toast('Some fields need attention', 'info');
      return;
    }
    complete.disabled = true;
    await run(
      `Completed: “${title}”`,
      () => completeTask(task.userTaskKey, values),
      (t) => t === undefined || t.state !== 'CREATED',
    );
    complete.disabled = false;
  });

  const hint = task.assignee
    ? mine()
      ? undefined
      : `Assigned to ${task.assignee}. Only they can work on it.`
    : 'Claim the task to work on it.';
  replaceChildren(
    actions,
    mine() ? unclaim : task.assignee ? null : claim,
    hint ? h('span', { class: 'muted', 'data-testid': 'task-hint' }, hint) : null,
  );

  const load = async () => {
    try {
      const [schema, variables] = await Promise.all([
        task.formKey ? taskForm(task.userTaskKey) : Promise.resolve(undefined),
        taskVariables(task.userTaskKey),
      ]);
      if (destroyed) return;
      if (schema) {
        form = await renderCamundaForm(schema.schema, variables, 'task-form');
        if (destroyed) return form.destroy();
        form.setDisabled(!mine());
        replaceChildren(work, form.element, mine() ? complete : null);
      } else {
        replaceChildren(work, variablesTable(variables), mine() ? complete : null);
      }
    } catch (err) {
      if (!destroyed)
        replaceChildren(
          work,
          failure('the task', err, () => void load()),
        );
    }
  };
  void load();

  return {
    element,
    destroy() {
      destroyed = true;
      form?.destroy();
    },
  };
}

function facts(task: UserTask): HTMLElement {
  const due = dueLabel(task.dueDate);
  const priority = priorityLabel(task.priority);
  const row = (label: string, value: Node | string | undefined, testId?: string) =>
    value === undefined ? null : [h('dt', {}, label), h('dd', testId ? { 'data-testid': testId } : {}, value)];
  return h(
    'dl',
    { class: 'task-facts' },
    row('Process', task.processDefinitionId),
    row(
      'Instance',
      h(
        'a',
        { href: `#/instances/${task.processInstanceKey}`, 'data-testid': 'task-instance-link' },
        task.processInstanceKey,
      ),
    ),
    row('Created', formatDateTime(task.creationDate)),
    row('Due', due && h('span', { class: due.overdue ? 'overdue' : '' }, due.text), 'task-due'),
    row('Follow up', task.followUpDate ? formatDateTime(task.followUpDate) : undefined, 'task-follow-up'),
    row('Priority', priority && `${priority} (${task.priority})`, 'task-priority'),
    row('Assignee', task.assignee ?? 'Nobody yet', 'task-assignee'),
    row('Groups', task.candidateGroups?.length ? task.candidateGroups.join(', ') : undefined, 'task-groups'),
  );
}

function variablesTable(variables: Record<string, unknown>): HTMLElement {
  const names = Object.keys(variables).sort();
  if (names.length === 0)
    return h('p', { class: 'muted', 'data-testid': 'task-variables' }, 'This task has no variables.');
  return h(
    'table',
    { class: 'task-variables', 'data-testid': 'task-variables' },
    h('caption', {}, 'Variables'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'))),
    h(
      'tbody',
      {},
      names.map((name) =>
        h(
          'tr',
          { 'data-testid': `task-variable-${name}` },
          h('th', { scope: 'row' }, name),
          h('td', { class: 'mono' }, formatVariableValue(JSON.stringify(variables[name]))),
        ),
      ),
    ),
  );
}
