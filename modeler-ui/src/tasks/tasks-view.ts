/**
 * Tasks (#/tasks?view=&process=&name=&due=&sort=&task=): the open user tasks of one view (assigned to me,
 * my groups, unassigned, all), filtered and sorted, and the open task beside them (task-detail.ts). The
 * list refreshes every REFRESH_MS; after a claim, unclaim or completion it reloads until the server's
 * (eventually consistent) search shows the change. On a narrow screen the two halves stack.
 */
import { searchProcessDefinitions } from '../api/client';
import { autoRefresh } from '../instances/auto-refresh';
import { h, replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import { askForCurrentUser, type CurrentUser, getCurrentUser } from './current-user';
import { type TaskDetail, taskDetail } from './task-detail';
import { taskFilterControls } from './task-filter-controls';
import { missingUser, taskList } from './task-list';
import { missingForView, type TaskFilters, taskFiltersFrom, taskHash, userTaskSearch } from './task-query';
import { readTaskUntil, searchUserTasks, type UserTask } from './user-tasks-api';

const REFRESH_MS = 5000;
/** how long to wait for a change to show in the search before giving up (a real cluster lags ~1 s) */
const SETTLE_MS = 15_000;

export function createTasksView(host: HTMLElement, navigate: (hash: string) => void): View {
  let filters = taskFiltersFrom({});
  let tasks: UserTask[] = [];
  let detail: TaskDetail | undefined;
  let detailKey: string | undefined;
  let destroyed = false;
  let request = 0;

  const go = (next: TaskFilters) => navigate(taskHash(next));
  const count = h('span', { class: 'muted', 'data-testid': 'task-count', 'aria-live': 'polite' });
  const userButton = h('button', { type: 'button', class: 'button small', 'data-testid': 'task-user' });
  const listHost = h('div', { class: 'task-list-host' });
  const detailHost = h('div', { class: 'task-detail-host', 'data-testid': 'task-detail-host' });
  const controls = taskFilterControls((chosen) => go({ ...filters, ...chosen }));

  const renderUser = () => {
    const user = getCurrentUser();
    userButton.textContent = user ? `You: ${user.name}` : 'Who are you?';
    userButton.title = user?.groups.length ? `Groups: ${user.groups.join(', ')}` : 'Set your name and groups';
  };
  userButton.addEventListener('click', async () => {
    if (await askForCurrentUser()) {
      renderUser();
      void load(true);
    }
  });

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

  const showDetail = (task: UserTask | undefined, force = false) => {
    if (!force && task?.userTaskKey === detailKey) return;
    detail?.destroy();
    detail = undefined;
    detailKey = task?.userTaskKey;
    if (!task) {
      replaceChildren(
        detailHost,
        h(
          'p',
          { class: 'placeholder muted' },
          filters.task ? 'This task is no longer open here.' : 'Pick a task to work on it.',
        ),
      );
      return;
    }
    detail = taskDetail(task, { user: getCurrentUser, askUser: askUserAndRender, onChanged: settle });
    replaceChildren(detailHost, detail.element);
  };

  const askUserAndRender = async (): Promise<CurrentUser | undefined> => {
    const user = await askForCurrentUser();
    renderUser();
    return user;
  };

  /** after a write: reload until the open task reads as `done`, then show it afresh (or leave it) */
  const settle = async (done: (task: UserTask | undefined) => boolean) => {
    const found = detailKey ? await readTaskUntil(detailKey, done, SETTLE_MS) : undefined;
    if (destroyed) return;
    if (found?.state === 'CREATED') showDetail(found, true);
    else if (filters.task) go({ ...filters, task: undefined });
    await load(false);
  };

  const openTask = async (key: string | undefined) =>
    key ? (await searchUserTasks({ filter: { userTaskKey: key, state: 'CREATED' } })).items[0] : undefined;

  const load = async (showLoading: boolean) => {
    refresh.stop();
    const mine = ++request;
    const user = getCurrentUser();
    const missing = missingForView(filters.view, user);
    if (missing) {
      count.textContent = '';
      replaceChildren(
        listHost,
        missingUser(missing, () => userButton.click()),
      );
      showDetail(undefined);
      return;
    }
    if (showLoading) replaceChildren(listHost, loading('tasks'));
    try {
      const page = await searchUserTasks(userTaskSearch(filters, user));
      if (mine !== request || destroyed) return;
      tasks = page.items;
      count.textContent = `${page.page.totalItems} open task${page.page.totalItems === 1 ? '' : 's'}`;
      const focused = listHost.contains(document.activeElement)
        ? document.activeElement?.getAttribute('data-testid')
        : null;
      replaceChildren(
        listHost,
        taskList(tasks, filters.task, (key) => taskHash({ ...filters, task: key })),
      );
      // a refresh must not throw the keyboard user's place away
      if (focused) listHost.querySelector<HTMLElement>(`[data-testid="${focused}"]`)?.focus();
      controls.offerNames(tasks.map((t) => t.name ?? ''));
      // the open task stays open when it leaves the view (claimed from "Unassigned"), as long as it is open
      const open = tasks.find((t) => t.userTaskKey === filters.task) ?? (await openTask(filters.task));
      if (mine !== request || destroyed) return;
      showDetail(open);
    } catch (err) {
      if (mine !== request || destroyed) return;
      count.textContent = '';
      replaceChildren(
        listHost,
        failure('the tasks', err, () => void load(true)),
      );
    }
    if (!destroyed) refresh.schedule();
  };
  const refresh = autoRefresh(() => void load(false), REFRESH_MS);

  let processIds: string[] | undefined;
  const loadProcesses = async (chosen: string | undefined) => {
    try {
      // read once per visit: opening a task must not search the definitions again
      processIds ??= [...new Set((await searchProcessDefinitions()).map((d) => d.processDefinitionId))].sort();
      controls.offerProcesses(processIds, chosen);
    } catch {
      // the list shows the error
    }
  };

  renderUser();
  return {
    async show(params) {
      const previous = filters;
      filters = taskFiltersFrom(params);
      controls.show(filters);
      await loadProcesses(filters.process);
      // opening another task keeps the list in place; other filters show a fresh one loading
      const sameList =
        tasks.length > 0 && taskHash({ ...previous, task: undefined }) === taskHash({ ...filters, task: undefined });
      await load(!sameList);
      // opening a task moves the keyboard to it (and on a phone, scrolls to it)
      if (filters.task && filters.task !== previous.task) {
        detailHost.querySelector<HTMLElement>('.task-title')?.focus();
      }
    },
    destroy() {
      destroyed = true;
      refresh.stop();
      detail?.destroy();
    },
    reload: () => void load(true),
  };
}
