/**
 * `expectUserTask(selector)` and `completeUserTask(selector, variables)`: Camunda Process Test's user task
 * assertions and utility over `POST /v2/user-tasks/search` and `/v2/user-tasks/{key}/completion`. A
 * selector is the task's element id, or any of elementId, taskName (the task's name), processDefinitionId and
 * processInstanceKey; the newest matching task is the one meant. Each assertion polls like the instance
 * assertions do and fails listing the matching tasks it saw.
 */
import { show } from './expected-values';
import { pollUntil } from './poll';
import type { RestApi } from './rest-api';
import type { UserTaskItem } from './rest-commands';

export type UserTaskSelector =
  | string
  | { elementId?: string; taskName?: string; processDefinitionId?: string; processInstanceKey?: string };

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';

interface UserTaskContext {
  api: RestApi;
  timeoutMs: number;
}

function asFilter(selector: UserTaskSelector): { filter: Record<string, unknown>; name?: string } {
  if (typeof selector === 'string') return { filter: { elementId: selector } };
  const { taskName, ...filter } = selector;
  if (Object.keys(selector).length === 0) throw new Error('a user task selector needs at least one field');
  return { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), name: taskName };
}

/** The newest task the selector picks, optionally only among tasks in this state. */
async function findTask(api: RestApi, selector: UserTaskSelector, state?: UserTaskState) {
  const { filter, name } = asFilter(selector);
  const tasks = (await api.searchUserTasks(state ? { ...filter, state } : filter)).filter(
    (t) => name === undefined || t.name === name,
  );
  tasks.sort(
    (a, b) => String(a.userTaskKey).length - String(b.userTaskKey).length || (a.userTaskKey < b.userTaskKey ? -1 : 1),
  );
  return { task: tasks.at(-1), tasks };
}

export class UserTaskAssert {
  constructor(
    private readonly ctx: UserTaskContext,
    private readonly selector: UserTaskSelector,
  ) {}

  /** The same assertions with another polling timeout. */
  withTimeout(timeoutMs: number): UserTaskAssert {
    return new UserTaskAssert({ ...this.ctx, timeoutMs }, this.selector);
  }

  toBeCreated(): Promise<void> {
    return this.expectField('state', 'CREATED');
  }

  toBeCompleted(): Promise<void> {
    return this.expectField('state', 'COMPLETED');
  }

  toBeCanceled(): Promise<void> {
    return this.expectField('state', 'CANCELED');
  }

  toHaveAssignee(assignee: string): Promise<void> {
    return this.expectField('assignee', assignee);
  }

  /** the candidate groups, in any order */
  toHaveCandidateGroups(...groups: string[]): Promise<void> {
    return this.expectField('candidateGroups', groups);
  }

  toHavePriority(priority: number): Promise<void> {
    return this.expectField('priority', priority);
  }

  toHaveName(name: string): Promise<void> {
    return this.expectField('name', name);
  }

  toHaveElementId(elementId: string): Promise<void> {
    return this.expectField('elementId', elementId);
  }

  toHaveDueDate(isoDate: string): Promise<void> {
    return this.expectField('dueDate', isoDate);
  }

  toHaveFollowUpDate(isoDate: string): Promise<void> {
    return this.expectField('followUpDate', isoDate);
  }

  private async expectField<K extends keyof UserTaskItem>(field: K, expected: UserTaskItem[K]): Promise<void> {
    const what = `expectUserTask(${show(this.selector)}).${field === 'state' ? `toBe ${expected}` : `${field} = ${show(expected)}`}`;
    let seen: UserTaskItem[] = [];
    const result = await pollUntil(
      async () => {
        const { task, tasks } = await findTask(this.ctx.api, this.selector);
        seen = tasks;
        if (!task) return { ok: false, reason: 'no such user task (yet)' };
        const actual = task[field];
        const same = Array.isArray(expected)
          ? Array.isArray(actual) && [...actual].sort().join('\u0000') === [...expected].sort().join('\u0000')
          : actual === expected;
        return same ? { ok: true } : { ok: false, reason: `${String(field)} is ${show(actual)}` };
      },
      { timeoutMs: this.ctx.timeoutMs },
    );
    if (result.ok) return;
    const rows = seen.map(
      (t) => `  ${t.userTaskKey} ${t.elementId} '${t.name ?? ''}' ${t.state} assignee=${t.assignee ?? '-'}`,
    );
    throw new Error(
      `${what} failed within ${this.ctx.timeoutMs} ms: ${result.reason}\nmatching user tasks:\n${rows.join('\n') || '  (none)'}`,
    );
  }
}

/** Completes the newest CREATED task the selector picks, waiting for one up to the timeout. */
export async function completeUserTask(
  ctx: UserTaskContext,
  selector: UserTaskSelector,
  variables: Record<string, unknown> = {},
): Promise<UserTaskItem> {
  let found: UserTaskItem | undefined;
  await pollUntil(
    async () => {
      found = (await findTask(ctx.api, selector, 'CREATED')).task;
      return found ? { ok: true } : { ok: false, reason: 'none' };
    },
    { timeoutMs: ctx.timeoutMs },
  );
  if (!found) throw new Error(`completeUserTask(${show(selector)}): no open user task within ${ctx.timeoutMs} ms`);
  await ctx.api.completeUserTask(String(found.userTaskKey), variables);
  return found;
}
