/**
 * Which deployed form a Camunda user task with `zeebe:formDefinition formId` gets, per Zeebe's binding types:
 * `latest` the newest version when the task was created, `deployment` the version deployed together with the
 * task's process, `versionTag` the newest version with that tag when the task was created. Keys only grow, so
 * "when the task was created" is "with a key below the task's": resolving on read gives what Zeebe pins at
 * activation.
 */
import type { LinkedForm } from '../model/process-model';
import type { DeployedForms, StoredForm } from './deployed-forms';

export function linkedForm(
  forms: DeployedForms,
  link: LinkedForm,
  task: { userTaskKey: string; deploymentKey: string },
): StoredForm | undefined {
  const createdBefore = (f: StoredForm) => BigInt(f.formKey) < BigInt(task.userTaskKey);
  const matches = (f: StoredForm) => {
    if (f.formId !== link.formId) return false;
    if (link.bindingType === 'deployment') return f.deploymentKey === task.deploymentKey;
    if (link.bindingType === 'versionTag') return f.versionTag === link.versionTag && createdBefore(f);
    return createdBefore(f);
  };
  let found: StoredForm | undefined;
  for (const f of forms.all()) if (matches(f) && (!found || f.version > found.version)) found = f;
  return found;
}
