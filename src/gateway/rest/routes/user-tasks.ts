/**
 * Camunda user tasks (Camunda 8.8 REST v2 `/user-tasks`): search, get, completion, assignment,
 * unassignment, update (`PATCH` with a changeset) and the variables the task sees. Writes answer 204 once
 * durable and through the task's listeners (409 when one denied it, as Zeebe's INVALID_STATE); an unknown or ended task is 404 (Zeebe keeps no state for it), a conflicting assignment 409.
 */
import type {
  UserTaskAssignmentRequest,
  UserTaskCompletionRequest,
  UserTaskResult,
  UserTaskUpdateRequest,
} from '@camunda8/orchestration-cluster-api';
import { Router as createRouter, type Router } from 'express';
import { z } from 'zod';
import type { UserTaskView } from '../../../engine/engine-api';
import type { RestContext } from '../context';
import { badRequest, notFound } from '../problem';
import { parse, pathKey } from '../request-schemas';
import { asObject, search } from '../search';
import { variableItem } from '../views';
import { formResult } from './forms';
import { byKey } from './incidents';

type UserTaskItem = {
  [K in keyof UserTaskResult]: UserTaskResult[K] extends string | undefined ? string | undefined : UserTaskResult[K];
} & Record<string, unknown>;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function userTaskItem(t: UserTaskView): UserTaskItem {
  return {
    userTaskKey: t.userTaskKey,
    name: t.name,
    state: t.state,
    assignee: t.assignee,
    elementId: t.elementId,
    elementInstanceKey: t.elementInstanceKey,
    candidateGroups: t.candidateGroups,
    candidateUsers: t.candidateUsers,
    processDefinitionId: t.processDefinitionId,
    processDefinitionKey: t.processDefinitionKey,
    processDefinitionVersion: t.processDefinitionVersion,
    processInstanceKey: t.processInstanceKey,
    creationDate: iso(t.creationDate),
    completionDate: iso(t.completionDate),
    dueDate: t.dueDate,
    followUpDate: t.followUpDate,
    formKey: t.formKey,
    externalFormReference: t.externalFormReference,
    customHeaders: t.customHeaders,
    priority: t.priority,
    tenantId: t.tenantId,
  };
}

const USER_TASK_FIELDS = [
  'userTaskKey',
  'name',
  'state',
  'assignee',
  'elementId',
  'elementInstanceKey',
  'processDefinitionId',
  'processDefinitionKey',
  'processInstanceKey',
  'creationDate',
  'completionDate',
  'dueDate',
  'followUpDate',
  'priority',
  'tenantId',
] as const;

/** candidateGroup / candidateUser filters match when the task's list contains the value. */
const MEMBERSHIP: Record<string, 'candidateGroups' | 'candidateUsers'> = {
  candidateGroup: 'candidateGroups',
  candidateUser: 'candidateUsers',
};

const dateTime = z.string().refine((s) => s === '' || !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time');
const action = z.string().nullable().optional();

const CompletionBody = z
  .strictObject({ variables: z.record(z.string(), z.unknown()).nullable().optional(), action })
  .nullable()
  .optional() satisfies z.ZodType<UserTaskCompletionRequest | null | undefined>;

const AssignmentBody = z.strictObject({
  assignee: z.string().min(1, 'must be a non-empty user name'),
  allowOverride: z.boolean().nullable().optional(),
  action,
}) satisfies z.ZodType<UserTaskAssignmentRequest>;

const UpdateBody = z.strictObject({
  changeset: z
    .strictObject({
      dueDate: dateTime.nullable().optional(),
      followUpDate: dateTime.nullable().optional(),
      candidateGroups: z.array(z.string()).nullable().optional(),
      candidateUsers: z.array(z.string()).nullable().optional(),
      priority: z.number().int().min(0).max(100).nullable().optional(),
    })
    .nullable()
    .optional(),
  action,
}) satisfies z.ZodType<UserTaskUpdateRequest>;

export function userTaskRoutes(ctx: RestContext): Router {
  const router = createRouter();
  const find = (key: string) => {
    const task = [...ctx.reads.listUserTasks()].find((t) => t.userTaskKey === key);
    if (!task) throw notFound(`User task with key '${key}' not found`);
    return task;
  };

  router.post('/user-tasks/search', (req, res) => {
    const body = asObject(req.body ?? {}, 'the request body');
    const filter = body.filter === undefined || body.filter === null ? {} : { ...asObject(body.filter, "'filter'") };
    let items = [...ctx.reads.listUserTasks()].map(userTaskItem);
    for (const [field, list] of Object.entries(MEMBERSHIP)) {
      const wanted = filter[field];
      delete filter[field];
      if (wanted === undefined) continue;
      const values = membershipValues(wanted, `filter.${field}`);
      items = items.filter((t) => values.some((v) => (t[list] as string[]).includes(v)));
    }
    res.json(search(items, { ...body, filter }, { fields: USER_TASK_FIELDS, defaultOrder: byKey('userTaskKey') }));
  });

  router.get('/user-tasks/:key', (req, res) => {
    res.json(userTaskItem(find(pathKey(req.params.key, 'userTaskKey'))));
  });

  // the task's linked Camunda form (its formKey names a deployed form); 204 without one, as Camunda answers
  router.get('/user-tasks/:key/form', (req, res) => {
    const { formKey } = find(pathKey(req.params.key, 'userTaskKey'));
    const forms = formKey === undefined ? [] : [...((ctx.reads.listForms ?? ctx.engine.listForms)?.() ?? [])];
    const form = forms.find((f) => f.formKey === formKey);
    if (!form) {
      res.status(204).end();
      return;
    }
    res.json(formResult(form));
  });

  router.post('/user-tasks/:key/completion', async (req, res) => {
    const body = parse(CompletionBody, req.body);
    const key = pathKey(req.params.key, 'userTaskKey');
    ctx.engine.completeUserTask(key, body?.variables ?? {});
    await afterListeners(ctx, key);
    res.status(204).end();
  });

  router.post('/user-tasks/:key/assignment', async (req, res) => {
    const body = parse(AssignmentBody, req.body);
    const key = pathKey(req.params.key, 'userTaskKey');
    ctx.engine.assignUserTask(key, body.assignee, body.allowOverride ?? true);
    await afterListeners(ctx, key);
    res.status(204).end();
  });

  router.delete('/user-tasks/:key/assignee', async (req, res) => {
    const key = pathKey(req.params.key, 'userTaskKey');
    ctx.engine.unassignUserTask(key);
    await afterListeners(ctx, key);
    res.status(204).end();
  });

  router.patch('/user-tasks/:key', async (req, res) => {
    const { changeset } = parse(UpdateBody, req.body);
    const key = pathKey(req.params.key, 'userTaskKey');
    const changes = Object.entries(changeset ?? {}).filter(([, v]) => v !== null && v !== undefined);
    if (changes.length === 0) {
      throw badRequest(
        "Invalid request: 'changeset' must change at least one of dueDate, followUpDate, candidateGroups, candidateUsers, priority",
      );
    }
    ctx.engine.updateUserTask(key, Object.fromEntries(changes));
    await afterListeners(ctx, key);
    res.status(204).end();
  });

  // the variables the task sees: its own and its flow scopes', inner ones shadowing outer ones
  router.post('/user-tasks/:key/variables/search', (req, res) => {
    const task = find(pathKey(req.params.key, 'userTaskKey'));
    const parents = new Map(
      [...ctx.reads.listElementInstances(task.processInstanceKey)].map((e) => [e.key, e.flowScopeKey]),
    );
    const scopes: string[] = [];
    for (let scope: string | undefined = task.elementInstanceKey; scope; scope = parents.get(scope)) scopes.push(scope);
    const visible = new Map<string, ReturnType<typeof variableItem>>();
    const variables = [...ctx.reads.listVariables(task.processInstanceKey)];
    for (const scope of scopes.reverse()) {
      for (const v of variables) if (v.scopeKey === scope) visible.set(v.name, variableItem(v, true));
    }
    res.json(
      search([...visible.values()], req.body, {
        fields: ['variableKey', 'name', 'value', 'scopeKey'],
        defaultOrder: byKey('variableKey'),
      }),
    );
  });

  return router;
}

function membershipValues(condition: unknown, where: string): string[] {
  if (typeof condition === 'string') return [condition];
  const operators = asObject(condition, `'${where}'`);
  const values: string[] = [];
  for (const [op, operand] of Object.entries(operators)) {
    if (op === '$eq' && typeof operand === 'string') values.push(operand);
    else if (op === '$in' && Array.isArray(operand) && operand.every((o) => typeof o === 'string'))
      values.push(...operand);
    else throw badRequest(`'${where}' supports a string, '$eq' or '$in' (of strings), but got '${op}'`);
  }
  return values;
}

/**
 * Answers once the command is durable and the task's listeners are through with it (Zeebe answers a user task
 * command after its listeners); the wait starts with the command, so a listener done before durability counts.
 */
async function afterListeners(ctx: RestContext, userTaskKey: string) {
  const transition = ctx.engine.awaitUserTaskTransition(userTaskKey);
  transition.catch(() => {}); // awaited below, once durable
  await ctx.durable();
  await transition;
}
