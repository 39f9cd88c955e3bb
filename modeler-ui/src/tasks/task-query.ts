/**
 * The task list's views and filters as Camunda 8.8 user task searches. Pure (no DOM, no fetch), so the
 * rules are tested without a browser. The URL holds them: #/tasks?view=groups&process=…&name=…&due=…&sort=….
 */
import type { CurrentUser } from './current-user';

/** a `SearchQuery` of api/client.ts, spelled out: tests load this file without the client (Vite's import.meta) */
export interface UserTaskSearch {
  filter: Record<string, unknown>;
  sort: { field: string; order: 'ASC' | 'DESC' }[];
  page: { limit: number };
}

export const TASK_VIEWS = [
  { id: 'mine', label: 'Assigned to me' },
  { id: 'groups', label: 'My groups' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All open' },
] as const;
export type TaskView = (typeof TASK_VIEWS)[number]['id'];

export const TASK_SORTS = [
  { id: 'creationDate:desc', label: 'Newest first' },
  { id: 'dueDate:asc', label: 'Due date' },
  { id: 'followUpDate:asc', label: 'Follow-up date' },
  { id: 'priority:desc', label: 'Highest priority' },
] as const;

export interface TaskFilters {
  view: TaskView;
  /** process definition id */
  process?: string;
  /** the task's name, exactly (Camunda's filter compares it whole) */
  name?: string;
  /** yyyy-mm-dd: due before the end of that day */
  due?: string;
  sort: string;
  /** the open task's key */
  task?: string;
}

export function taskFiltersFrom(params: Record<string, string>): TaskFilters {
  const view = TASK_VIEWS.some((v) => v.id === params.view) ? (params.view as TaskView) : 'all';
  const sort = TASK_SORTS.some((s) => s.id === params.sort) ? params.sort : TASK_SORTS[0].id;
  const clean = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return {
    view,
    process: clean(params.process),
    name: clean(params.name),
    due: /^\d{4}-\d{2}-\d{2}$/.test(params.due ?? '') ? params.due : undefined,
    sort,
    task: /^\d+$/.test(params.task ?? '') ? params.task : undefined,
  };
}

export function taskHash(filters: TaskFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || (key === 'view' && value === 'all') || (key === 'sort' && value === TASK_SORTS[0].id))
      continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `#/tasks?${query}` : '#/tasks';
}

/** Why a view cannot be searched (no name or no groups yet), or undefined. */
export function missingForView(view: TaskView, user: CurrentUser | undefined): string | undefined {
  if (view === 'mine' && !user) return 'Say who you are to see the tasks assigned to you.';
  if (view === 'groups' && !user?.groups.length) return 'Add your groups to see the tasks offered to them.';
  return undefined;
}

/** The `POST /v2/user-tasks/search` body for a view and its filters (open tasks only). */
export function userTaskSearch(filters: TaskFilters, user: CurrentUser | undefined, limit = 100): UserTaskSearch {
  const filter: Record<string, unknown> = { state: 'CREATED' };
  if (filters.view === 'mine') filter.assignee = user?.name ?? '';
  if (filters.view === 'groups') filter.candidateGroup = { $in: user?.groups ?? [] };
  if (filters.view === 'unassigned') filter.assignee = { $exists: false };
  if (filters.process) filter.processDefinitionId = filters.process;
  if (filters.name) filter.name = filters.name;
  if (filters.due) filter.dueDate = { $lt: endOfDay(filters.due) };
  const [field, order] = filters.sort.split(':');
  return { filter, sort: [{ field, order: order === 'asc' ? 'ASC' : 'DESC' }], page: { limit } };
}

/** The first instant after the given local day, as ISO 8601 (a task due that day is before it). */
function endOfDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + 1).toISOString();
}

/** How a due date reads next to a task: overdue, today, or the date. */
export function dueLabel(
  dueDate: string | undefined,
  now = new Date(),
): { text: string; overdue: boolean } | undefined {
  if (!dueDate) return undefined;
  const due = new Date(dueDate);
  if (Number.isNaN(due.getTime())) return { text: `Due ${dueDate}`, overdue: false };
  const overdue = due.getTime() < now.getTime();
  const sameDay = due.toDateString() === now.toDateString();
  const date = due.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return { text: overdue ? `Overdue since ${date}` : sameDay ? 'Due today' : `Due ${date}`, overdue };
}

/** Camunda priorities run 0–100 (default 50); Tasklist names four bands. */
export function priorityLabel(priority: number | undefined): string | undefined {
  if (priority === undefined) return undefined;
  if (priority >= 76) return 'Critical';
  if (priority >= 51) return 'High';
  if (priority >= 26) return 'Medium';
  return 'Low';
}
