/**
 * Tasks (#/tasks?view=&process=&name=&due=&sort=&task=): the open user tasks of one view (assigned to me,
 * my groups, unassigned, all), filtered and sorted, and the open task beside them (task-detail.ts). The
 * list refreshes every REFRESH_MS; after a claim, unclaim or completion it reloads until the server's
 * (eventually consistent) search shows the change. On a narrow screen the two halves stack.
 */
import { autoRefresh } from '../instances/auto-refresh';
import { replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import { askForCurrentUser, type CurrentUser, getCurrentUser } from './current-user';
import { openTaskPanel } from './open-task-panel';
import { processIdsOnce } from './process-ids';
import { taskFilterControls } from './task-filter-controls';
import { missingUser, taskList } from './task-list';
import { missingForView, type TaskFilters, taskFiltersFrom, taskHash, userTaskSearch } from './task-query';
import {
  openTaskCount,
  renderTasksPage,
  replaceListKeepingFocus,
  showCurrentUser,
  showListMessage,
} from './tasks-page';
import { findOpenTask, readTaskUntil, searchUserTasks, type UserTask } from './user-tasks-api';

const REFRESH_MS = 5000;
/** how long to wait for a change to show in the search before giving up (a real cluster lags ~1 s) */
const SETTLE_MS = 15_000;

export function createTasksView(host: HTMLElement, navigate: (hash: string) => void): View {
  let filters = taskFiltersFrom({});
  let tasks: UserTask[] = [];
  let destroyed = false;
  let request = 0;

  const go = (next: TaskFilters) => navigate(taskHash(next));
  const controls = taskFilterControls((chosen) => go({ ...filters, ...chosen }));
  const page = renderTasksPage(host, controls);
  const { count, userButton, listHost, detailHost } = page;

  const renderUser = () => showCurrentUser(userButton, getCurrentUser());
  userButton.addEventListener('click', async () => {
    if (await askForCurrentUser()) {
      renderUser();
      void load(true);
    }
  });

  const askUserAndRender = async (): Promise<CurrentUser | undefined> => {
    const user = await askForCurrentUser();
    renderUser();
    return user;
  };

  /** after a write: reload until the open task reads as `done`, then show it afresh (or leave it) */
  const settle = async (done: (task: UserTask | undefined) => boolean) => {
    const found = panel.key ? await readTaskUntil(panel.key, done, SETTLE_MS) : undefined;
    if (destroyed) return;
    if (found?.state === 'CREATED') showDetail(found, true);
    else if (filters.task) go({ ...filters, task: undefined });
    await load(false);
  };

  const panel = openTaskPanel(detailHost, { user: getCurrentUser, askUser: askUserAndRender, onChanged: settle });
  const showDetail = (task: UserTask | undefined, force = false) => panel.show(task, filters.task, force);

  const load = async (showLoading: boolean) => {
    refresh.stop();
    const mine = ++request;
    const user = getCurrentUser();
    const missing = missingForView(filters.view, user);
    if (missing) {
      showListMessage(
        page,
        missingUser(missing, () => userButton.click()),
      );
      showDetail(undefined);
      return;
    }
    if (showLoading) replaceChildren(listHost, loading('tasks'));
    try {
      const found = await searchUserTasks(userTaskSearch(filters, user));
      if (mine !== request || destroyed) return;
      tasks = found.items;
      count.textContent = openTaskCount(found.page.totalItems);
      replaceListKeepingFocus(
        listHost,
        taskList(tasks, filters.task, (key) => taskHash({ ...filters, task: key })),
      );
      controls.offerNames(tasks.map((t) => t.name ?? ''));
      // the open task stays open when it leaves the view (claimed from "Unassigned"), as long as it is open
      const open = tasks.find((t) => t.userTaskKey === filters.task) ?? (await findOpenTask(filters.task));
      if (mine !== request || destroyed) return;
      showDetail(open);
    } catch (err) {
      if (mine !== request || destroyed) return;
      showListMessage(
        page,
        failure('the tasks', err, () => void load(true)),
      );
    }
    if (!destroyed) refresh.schedule();
  };
  const refresh = autoRefresh(() => void load(false), REFRESH_MS);

  const processIds = processIdsOnce();
  const loadProcesses = async (chosen: string | undefined) => {
    try {
      controls.offerProcesses(await processIds(), chosen);
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
      panel.destroy();
    },
    reload: () => void load(true),
  };
}
