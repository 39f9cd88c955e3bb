/**
 * Which deployed form a Camunda user task with `zeebe:formDefinition formId` gets, per Zeebe's binding types:
 * `latest` the newest version, `deployment` the version deployed together with the task's process,
 * `versionTag` the newest version with that tag. Zeebe binds it when the task activates (user-task.ts) and
 * raises a FORM_NOT_FOUND incident, in the words below, when there is none.
 *
 * `createdBefore` serves tasks from a snapshot taken before the form was bound at activation: keys only grow,
 * so a form with a key below the task's is one that existed when the task was created.
 */
import type { LinkedForm } from '../model/process-model';
import type { DeployedForms, StoredForm } from './deployed-forms';

export function linkedForm(
  forms: DeployedForms,
  link: LinkedForm,
  task: { deploymentKey: string; createdBefore?: string },
): StoredForm | undefined {
  const existed = (f: StoredForm) => task.createdBefore === undefined || BigInt(f.formKey) < BigInt(task.createdBefore);
  const matches = (f: StoredForm) => {
    if (f.formId !== link.formId) return false;
    if (link.bindingType === 'deployment') return f.deploymentKey === task.deploymentKey;
    if (link.bindingType === 'versionTag') return f.versionTag === link.versionTag && existed(f);
    return existed(f);
  };
  let found: StoredForm | undefined;
  for (const f of forms.all()) if (matches(f) && (!found || f.version > found.version)) found = f;
  return found;
}

/** Zeebe's FORM_NOT_FOUND incident message for a link that found no form (BpmnUserTaskBehavior). */
export function formNotFoundMessage(link: LinkedForm, deploymentKey: string): string {
  if (link.bindingType === 'deployment') {
    return (
      `Expected to use a form with id '${link.formId}' with binding type 'deployment', but no such form found in ` +
      `the deployment with key ${deploymentKey} which contained the current process. To resolve this incident, ` +
      'migrate the process instance to a process definition that is deployed together with the intended form to use.'
    );
  }
  if (link.bindingType === 'versionTag') {
    return (
      `Expected to use a form with id '${link.formId}' and version tag '${link.versionTag}', but no such form ` +
      'found. To resolve the incident, deploy a form with the given id and version tag.\n'
    );
  }
  return (
    `Expected to find a form with id '${link.formId}', but no form with this id is found, at least a form with ` +
    'this id should be available. To resolve the Incident please deploy a form with the same id'
  );
}
