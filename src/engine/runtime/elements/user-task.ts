/**
 * User tasks, as Zeebe 8.8 runs them. A Camunda user task (`zeebe:userTask`) evaluates its assignment,
 * schedule and priority and creates a user task (user-tasks.ts) that waits for a REST completion. Without
 * `zeebe:userTask` it is a job-worker user task: a job of type `io.camunda.zeebe:userTask` whose custom
 * headers carry the assignment, schedule and form key (`io.camunda.zeebe:assignee`, ...), lists as JSON text.
 * A value that does not evaluate to the expected type raises an EXTRACT_VALUE_ERROR incident naming it; a
 * linked form (`zeebe:formDefinition formId`) is bound here, or raises FORM_NOT_FOUND.
 */
import type { CompiledExpression } from '../../feel';
import { formNotFoundMessage, linkedForm } from '../../forms/linked-form';
import type { LinkedForm, UserTaskDefinition } from '../../model/process-model';
import type { ElementInstance } from '../element-instance';
import { IncidentError } from '../incidents';
import { variableValue } from '../mappings';
import type { Runtime } from '../runtime';
import type { UserTaskProperties } from '../user-tasks';
import type { ElementBehavior } from './element-behavior';

const DEFAULT_PRIORITY = 50;
const HEADER = 'io.camunda.zeebe:';

export const userTask: ElementBehavior = {
  onActivated(rt, instance) {
    const definition = instance.element.userTask as UserTaskDefinition;
    const properties = evaluateProperties(rt, instance, definition);
    if (definition.camundaUserTask) rt.userTasks.create(instance, properties);
    else rt.jobs.create(instance, 'io.camunda.zeebe:userTask', 1, jobHeaders(instance, properties));
  },
};

function evaluateProperties(rt: Runtime, instance: ElementInstance, d: UserTaskDefinition): UserTaskProperties {
  const id = instance.element.id;
  const value = (e: CompiledExpression | undefined) => (e ? variableValue(rt.evaluate(e, instance)) : undefined);
  const assignee = value(d.assignee);
  if (assignee !== undefined && assignee !== null && typeof assignee !== 'string') {
    throw extractError(id, 'assignee', d.assignee, 'a string', assignee);
  }
  const dueDate = dateValue(id, 'dueDate', d.dueDate, value(d.dueDate));
  const followUpDate = dateValue(id, 'followUpDate', d.followUpDate, value(d.followUpDate));
  const rawPriority = value(d.priority);
  const priority = rawPriority === undefined ? DEFAULT_PRIORITY : Number(rawPriority);
  if (
    !Number.isInteger(priority) ||
    priority < 0 ||
    priority > 100 ||
    (typeof rawPriority !== 'number' && d.priority?.isFeel)
  ) {
    throw extractError(id, 'priority', d.priority, 'an integer between 0 and 100', rawPriority);
  }
  return {
    ...(assignee ? { assignee } : {}),
    candidateGroups: listValue(id, 'candidateGroups', d.candidateGroups, value(d.candidateGroups)),
    candidateUsers: listValue(id, 'candidateUsers', d.candidateUsers, value(d.candidateUsers)),
    ...(dueDate ? { dueDate } : {}),
    ...(followUpDate ? { followUpDate } : {}),
    priority,
    ...(d.formKey ? { formKey: d.formKey } : {}),
    ...(d.linkedForm && d.camundaUserTask ? { formKey: boundForm(rt, instance, d.linkedForm) } : {}),
    ...(d.externalFormReference ? { externalFormReference: d.externalFormReference } : {}),
  };
}

/** The linked form's key, bound at activation as Zeebe does; none deployed is a FORM_NOT_FOUND incident. */
function boundForm(rt: Runtime, instance: ElementInstance, link: LinkedForm): string {
  const { deploymentKey } = instance.definition;
  const form = linkedForm(rt.deployments.forms, link, { deploymentKey });
  if (!form) throw new IncidentError('FORM_NOT_FOUND', formNotFoundMessage(link, deploymentKey));
  return form.formKey;
}

/** Static text is a comma-separated list ("sales, operations"); FEEL must give a list of strings. */
function listValue(id: string, field: string, e: CompiledExpression | undefined, v: unknown): string[] {
  if (!e || v === null) return [];
  if (!e.isFeel) {
    return String(v)
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw extractError(id, field, e, 'a list of strings', v);
  return v as string[];
}

/** A date-and-time (FEEL) or ISO 8601 text; null means none. */
function dateValue(id: string, field: string, e: CompiledExpression | undefined, v: unknown): string | undefined {
  if (!e || v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v.replace(/\[.*\]$/, '')))) {
    throw extractError(id, field, e, 'a date and time (ISO 8601)', v);
  }
  return v;
}

function extractError(id: string, field: string, e: CompiledExpression | undefined, expected: string, actual: unknown) {
  return new IncidentError(
    'EXTRACT_VALUE_ERROR',
    `Expected the ${field} '${e?.source}' of user task '${id}' to be ${expected}, but was ${JSON.stringify(actual)}`,
  );
}

/** Zeebe's reserved headers of a job-worker user task, after the element's own task headers. */
function jobHeaders(instance: ElementInstance, p: UserTaskProperties): Record<string, string> {
  const headers: Record<string, string> = { ...instance.element.taskHeaders };
  if (p.assignee) headers[`${HEADER}assignee`] = p.assignee;
  if (instance.element.userTask?.candidateGroups)
    headers[`${HEADER}candidateGroups`] = JSON.stringify(p.candidateGroups);
  if (instance.element.userTask?.candidateUsers) headers[`${HEADER}candidateUsers`] = JSON.stringify(p.candidateUsers);
  if (p.dueDate) headers[`${HEADER}dueDate`] = p.dueDate;
  if (p.followUpDate) headers[`${HEADER}followUpDate`] = p.followUpDate;
  if (p.formKey) headers[`${HEADER}formKey`] = p.formKey;
  return headers;
}
