/**
 * Reads a bpmn:userTask's zeebe extension elements: `zeebe:userTask` (a Camunda user task; without it the
 * task is a job of type `io.camunda.zeebe:userTask`, as in Zeebe), `zeebe:assignmentDefinition`,
 * `zeebe:taskSchedule`, `zeebe:priorityDefinition` and `zeebe:formDefinition`. Values are static text or
 * FEEL (`=...`), compiled here; they are evaluated when the task activates (runtime/elements/user-task.ts).
 */
import { type CompiledExpression, compileExpression } from '../feel';
import type { ProblemSink } from './element-properties';
import type { FlowElement, LinkedForm, UserTaskDefinition } from './process-model';
import type { ModdleElement } from './read-bpmn';
import { readResourceBinding } from './resource-binding';

/** The job type and retries Zeebe gives a job-worker user task. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

export function readUserTask(element: FlowElement, ext: ModdleElement[], problems: ProblemSink) {
  const compile = (text: string | undefined, what: string): CompiledExpression | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    try {
      return compileExpression(text.trim());
    } catch (err) {
      problems.add(element.id, `Invalid FEEL expression for ${what} '${text}': ${(err as Error).message}`);
      return undefined;
    }
  };
  const definition: UserTaskDefinition = { camundaUserTask: false };
  for (const value of ext) {
    switch (value.$type) {
      case 'zeebe:UserTask':
        definition.camundaUserTask = true;
        break;
      case 'zeebe:AssignmentDefinition':
        definition.assignee = compile(value.assignee, 'assignee');
        definition.candidateGroups = compile(value.candidateGroups, 'candidateGroups');
        definition.candidateUsers = compile(value.candidateUsers, 'candidateUsers');
        break;
      case 'zeebe:TaskSchedule':
        definition.dueDate = compile(value.dueDate, 'dueDate');
        definition.followUpDate = compile(value.followUpDate, 'followUpDate');
        break;
      case 'zeebe:PriorityDefinition':
        definition.priority = compile(value.priority, 'priority');
        break;
      case 'zeebe:FormDefinition':
        if (value.formKey) definition.formKey = value.formKey;
        if (value.externalReference) definition.externalFormReference = value.externalReference;
        if (value.formId) definition.linkedForm = readLinkedForm(element, value, problems);
        break;
    }
  }
  const priority = definition.priority;
  if (priority && !priority.isFeel) {
    const n = Number(priority.source);
    if (!Number.isInteger(n) || n < 0 || n > 100) {
      problems.add(
        element.id,
        `Attribute 'priority' of 'zeebe:priorityDefinition' must be an integer between 0 and 100, but was '${priority.source}'`,
      );
    }
  }
  if (definition.linkedForm && !definition.camundaUserTask) {
    problems.add(
      element.id,
      `A linked Camunda form (formId '${definition.linkedForm.formId}') is not supported by the embedded engine on a job-worker user task; add zeebe:userTask, or use formKey or externalReference`,
    );
  }
  if (!definition.camundaUserTask) {
    // a job-worker user task is a service task with a fixed job type (Zeebe's UserTaskTransformer)
    element.taskDefinition = { type: compileExpression(USER_TASK_JOB_TYPE), retries: compileExpression('1') };
  }
  element.userTask = definition;
}

/** formId with its binding type (default latest) and, for bindingType versionTag, the version tag. */
function readLinkedForm(element: FlowElement, value: ModdleElement, problems: ProblemSink): LinkedForm | undefined {
  const binding = readResourceBinding(element, value, problems);
  return binding && { formId: value.formId, ...binding };
}
