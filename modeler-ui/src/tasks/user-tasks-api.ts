/**
 * The Camunda 8.8 REST v2 calls of the task list and start forms, through the app's `/v2` (so the same
 * calls reach a real cluster): user task search, claim (assignment), unclaim, the task's variables and
 * linked form, completion with the form's values, and a process's start form.
 */
import { type SearchPage, type SearchQuery, search } from '../api/client';
import { request, requestJson } from '../api/http';

const V2 = import.meta.env.VITE_CAMUNDA_REST_BASE ?? './v2';
const enc = encodeURIComponent;

/** A user task as `POST /v2/user-tasks/search` answers it (the fields the task list reads). */
export interface UserTask {
  userTaskKey: string;
  name?: string;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
  assignee?: string;
  elementId: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  creationDate: string;
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority?: number;
}

/** A deployed Camunda form (8.8's FormResult): its schema is form-js JSON. */
export interface CamundaForm {
  formKey: string;
  formId: string;
  version: number;
  schema: unknown;
}

export function searchUserTasks(query: SearchQuery): Promise<SearchPage<UserTask>> {
  return search<UserTask>('user-tasks', query);
}

/**
 * Reads a task (any state) until `done` says the change made shows, or `timeoutMs` passed: a cluster's
 * searches trail its commands. Gives the last read (undefined: not found).
 */
/** The open (CREATED) task with this key, if any. */
export async function findOpenTask(key: string | undefined): Promise<UserTask | undefined> {
  return key ? (await searchUserTasks({ filter: { userTaskKey: key, state: 'CREATED' } })).items[0] : undefined;
}

export async function readTaskUntil(
  userTaskKey: string,
  done: (task: UserTask | undefined) => boolean,
  timeoutMs: number,
): Promise<UserTask | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await searchUserTasks({ filter: { userTaskKey } })).items[0];
    if (done(found) || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The variables the task sees (its own and its scopes'), values parsed from their JSON text. */
export async function taskVariables(userTaskKey: string): Promise<Record<string, unknown>> {
  const page = await search<{ name: string; value: string }>(`user-tasks/${enc(userTaskKey)}/variables`, {
    page: { limit: 1000 },
  });
  const variables: Record<string, unknown> = {};
  for (const v of page.items) {
    try {
      variables[v.name] = JSON.parse(v.value);
    } catch {
      variables[v.name] = v.value;
    }
  }
  return variables;
}

/** The task's linked form; undefined when it has none (204). */
export async function taskForm(userTaskKey: string): Promise<CamundaForm | undefined> {
  return (await requestJson<CamundaForm | undefined>(`${V2}/user-tasks/${enc(userTaskKey)}/form`)) ?? undefined;
}

/** The process definition's start form; undefined when its start event links none (204). */
export async function startForm(processDefinitionKey: string): Promise<CamundaForm | undefined> {
  return (
    (await requestJson<CamundaForm | undefined>(`${V2}/process-definitions/${enc(processDefinitionKey)}/form`)) ??
    undefined
  );
}

export async function claimTask(userTaskKey: string, assignee: string): Promise<void> {
  // allowOverride false: claiming a task someone else holds is refused (409) instead of taking it from them
  await request(`${V2}/user-tasks/${enc(userTaskKey)}/assignment`, {
    method: 'POST',
    body: { assignee, allowOverride: false },
  });
}

export async function unclaimTask(userTaskKey: string): Promise<void> {
  await request(`${V2}/user-tasks/${enc(userTaskKey)}/assignee`, { method: 'DELETE' });
}

export async function completeTask(userTaskKey: string, variables: Record<string, unknown>): Promise<void> {
  await request(`${V2}/user-tasks/${enc(userTaskKey)}/completion`, { method: 'POST', body: { variables } });
}
