/**
 * Every start deploys all models in bpmn/ as one deployment and stops when it is rejected, so a model is
 * saved only if that deployment, with it, would be accepted: the embedded engine's own checks when it runs
 * the models (each resource as deploy checks it, and no process id twice: Zeebe's "Expected the process id
 * '...' to be unique within one deployment"); against a cluster, which checks the models itself, the
 * duplicate process ids across files, which no single file's lint can see.
 */
import { validateDeployment } from '../../engine/deployment-validation';
import { EngineError, invalidArgument } from '../../engine/errors';
import { readBpmn } from '../../engine/model/read-bpmn';
import type { ModelFiles } from './model-store';

export type DeployableCheck = (files: ModelFiles) => Promise<void>;

/** The deployment of the models would be rejected; `reason` is the engine's. */
export class UndeployableModelsError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UndeployableModelsError';
  }
}

/** Deploy's checks, without deploying. */
export const embeddedEngineCheck: DeployableCheck = async (files) => {
  try {
    await validateDeployment(files);
  } catch (err) {
    if (err instanceof EngineError) throw new UndeployableModelsError(err.message);
    throw err;
  }
};

async function executableProcessIds(file: ModelFiles[number]): Promise<string[]> {
  const definitions = await readBpmn(file.name, file.content.toString('utf8')).catch(() => undefined);
  return (definitions?.rootElements ?? [])
    .filter((e: { $type: string; isExecutable?: boolean }) => e.$type === 'bpmn:Process' && e.isExecutable)
    .map((e: { id: string }) => e.id);
}

/** For a cluster: no process id in two files. */
export const uniqueProcessIdsCheck: DeployableCheck = async (files) => {
  const ids = (await Promise.all(files.map(executableProcessIds))).flat();
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) {
    throw new UndeployableModelsError(
      invalidArgument(`Expected the process id '${duplicate}' to be unique within one deployment`).message,
    );
  }
};
