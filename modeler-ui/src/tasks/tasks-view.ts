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
import { taskList } from './task-list';
import {
  missingForView,
  TASK_SORTS,
  TASK_VIEWS,
  type TaskFilters,
  taskFiltersFrom,
  taskHash,
  userTaskSearch,
} from './task-query';
import { searchUserTasks, type UserTask } from './user-tasks-api';

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
  const tabs = h('nav', { class: 'task-views', 'aria-label': 'Task views' });
  const listHost = h('div', { class: 'task-list-host' });
  const detailHost = h('div', { class: 'task-detail-host', 'data-testid': 'task-detail-host' });

  const field = <T extends HTMLElement>(id: string, label: string, control: T) =>
    h('div', { class: 'field' }, h('label', { for: id, class: 'field-label' }, label), control);
  const process = h('select', {
    id: 'task-filter-process',
    class: 'input small',
    'data-testid': 'task-filter-process',
  });
  const name = h('input', {
    id: 'task-filter-name',
    class: 'input small',
    type: 'search',
    placeholder: 'Exact task name',
    list: 'task-names',
    'data-testid': 'task-filter-name',
  });
  const names = h('datalist', { id: 'task-names' });
  const due = h('input', {
    id: 'task-filter-due',
    class: 'input small',
    type: 'date',
    'data-testid': 'task-filter-due',
  });
  const sort = h(
    'select',
    { id: 'task-sort', class: 'input small', 'data-testid': 'task-sort' },
    TASK_SORTS.map((s) => h('option', { value: s.id }, s.label)),
  );
  const filterForm = h(
    'form',
    { class: 'task-filters', role: 'search', 'aria-label': 'Filter tasks' },
    field('task-filter-process', 'Process', process),
    field('task-filter-name', 'Task name', name),
    names,
    field('task-filter-due', 'Due before', due),
    field('task-sort', 'Sort', sort),
  );
  const apply = () =>
    go({
      ...filters,
      process: process.value || undefined,
      name: name.value.trim() || undefined,
      due: due.value || undefined,
      sort: sort.value,
    });
  for (const control of [process, due, sort]) control.addEventListener('change', apply);
  name.addEventListener('change', apply);
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });

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
      tabs,
      filterForm,
      h('div', { class: 'tasks-layout' }, listHost, detailHost),
    ),
  );

  const renderTabs = () =>
    replaceChildren(
      tabs,
      TASK_VIEWS.map((v) =>
        h(
          'a',
          {
            href: taskHash({ ...filters, view: v.id, task: undefined }),
            class: `task-view-tab${filters.view === v.id ? ' active' : ''}`,
            'aria-current': filters.view === v.id ? 'page' : undefined,
            'data-testid': `task-view-${v.id}`,
          },
          v.label,
        ),
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
    const key = detailKey;
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const found = key ? (await searchUserTasks({ filter: { userTaskKey: key } })).items[0] : undefined;
      if (destroyed) return;
      if (done(found) || Date.now() > deadline) {
        if (found?.state === 'CREATED') {
          showDetail(found, true);
        } else if (filters.task) {
          go({ ...filters, task: undefined });
        }
        await load(false);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };

  const openTask = async (key: string | undefined) => {
    if (!key) return undefined;
    const found = (await searchUserTasks({ filter: { userTaskKey: key, state: 'CREATED' } })).items[0];
    return found;
  };

  const load = async (showLoading: boolean) => {
    refresh.stop();
    const mine = ++request;
    const user = getCurrentUser();
    const missing = missingForView(filters.view, user);
    if (missing) {
      count.textContent = '';
      replaceChildren(
        listHost,
        h(
          'div',
          { class: 'placeholder' },
          h('p', {}, missing),
          h(
            'button',
            { type: 'button', class: 'button', 'data-testid': 'task-set-user', onclick: () => userButton.click() },
            'Set name and groups',
          ),
        ),
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
      replaceChildren(
        names,
        [...new Set(tasks.map((t) => t.name).filter(Boolean))].sort().map((n) => h('option', { value: n })),
      );
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

  const loadProcesses = async (chosen: string | undefined) => {
    try {
      const ids = [...new Set((await searchProcessDefinitions()).map((d) => d.processDefinitionId))].sort();
      if (chosen && !ids.includes(chosen)) ids.push(chosen);
      replaceChildren(
        process,
        h('option', { value: '' }, 'All processes'),
        ids.map((id) => h('option', { value: id }, id)),
      );
      process.value = chosen ?? '';
    } catch {
      // the list shows the error
    }
  };

  renderUser();
  return {
    async show(params) {
      const previousTask = filters.task;
      filters = taskFiltersFrom(params);
      renderTabs();
      name.value = filters.name ?? '';
      due.value = filters.due ?? '';
      sort.value = filters.sort;
      await loadProcesses(filters.process);
      await load(true);
      // opening a task moves the keyboard to it (and on a phone, scrolls to it)
      if (filters.task && filters.task !== previousTask) {
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
