/**
 * The Tasks page's frame: its heading with the task count, the "start a process" link and the current-user
 * button, the filter controls, and the two halves (list and open task) that tasks-view.ts fills.
 */
import { h, replaceChildren } from '../ui/dom';
import type { CurrentUser } from './current-user';

export interface TasksPage {
  /** "3 open tasks", read out when it changes */
  count: HTMLElement;
  userButton: HTMLButtonElement;
  listHost: HTMLElement;
  detailHost: HTMLElement;
}

export function renderTasksPage(host: HTMLElement, controls: { tabs: HTMLElement; form: HTMLElement }): TasksPage {
  const count = h('span', { class: 'muted', 'data-testid': 'task-count', 'aria-live': 'polite' });
  const userButton = h('button', { type: 'button', class: 'button small', 'data-testid': 'task-user' });
  const listHost = h('div', { class: 'task-list-host' });
  const detailHost = h('div', { class: 'task-detail-host', 'data-testid': 'task-detail-host' });
  replaceChildren(
    host,
    h(
      'div',
      { class: 'page tasks-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Tasks'),
        count,
        h('span', { class: 'toolbar-spacer' }),
        h(
          'a',
          { href: '#/tasks/start', class: 'button small', 'data-testid': 'start-process-link' },
          'Start a process',
        ),
        userButton,
      ),
      controls.tabs,
      controls.form,
      h('div', { class: 'tasks-layout' }, listHost, detailHost),
    ),
  );
  return { count, userButton, listHost, detailHost };
}

/** Replaces the list, keeping the keyboard where it was: a refresh must not throw the keyboard user's place away. */
export function replaceListKeepingFocus(listHost: HTMLElement, list: Node): void {
  const focused = listHost.contains(document.activeElement)
    ? document.activeElement?.getAttribute('data-testid')
    : null;
  replaceChildren(listHost, list);
  if (focused) listHost.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
}

/** What the open-task half says when no task is open: the linked one has gone, or none was picked. */
export function noTaskOpen(detailHost: HTMLElement, linkedTask: string | undefined): void {
  replaceChildren(
    detailHost,
    h(
      'p',
      { class: 'placeholder muted' },
      linkedTask ? 'This task is no longer open here.' : 'Pick a task to work on it.',
    ),
  );
}

/** "3 open tasks" */
export const openTaskCount = (total: number) => `${total} open task${total === 1 ? '' : 's'}`;

/** The user button names who you are (and your groups), or asks. */
export function showCurrentUser(userButton: HTMLButtonElement, user: CurrentUser | undefined): void {
  userButton.textContent = user ? `You: ${user.name}` : 'Who are you?';
  userButton.title = user?.groups.length ? `Groups: ${user.groups.join(', ')}` : 'Set your name and groups';
}

/** The list half shows a message instead of tasks (no user for this view, or the search failed). */
export function showListMessage(page: TasksPage, message: Node): void {
  page.count.textContent = '';
  replaceChildren(page.listHost, message);
}
