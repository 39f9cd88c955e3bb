/**
 * Start-up deploys every model in bpmn/ (or the directory it is given) with the decisions (.dmn) and forms
 * (.form) beside them, in the order of their file names and in one deployment, so a task bound to its
 * decision or form with bindingType=deployment finds it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { isDeployedFile } from '../app/models/model-store';
import type { ProcessCommands } from '../app/process-commands/process-commands';

async function deployedResources(dir: string): Promise<{ name: string; content: Buffer }[]> {
  const files = (await readdir(dir)).filter(isDeployedFile).sort();
  return Promise.all(files.map(async (name) => ({ name, content: await readFile(path.join(dir, name)) })));
}

/** Deploys the models of `bpmnDir` in one deployment; a failure names the directory. */
export async function deployModels(processes: ProcessCommands, bpmnDir: string, logger: Logger): Promise<void> {
  const resources = await deployedResources(bpmnDir);
  if (resources.length === 0) return;
  const deployed = await processes.deploy(resources).catch((err) => {
    throw new Error(`Deploying the models in ${bpmnDir} failed: ${(err as Error).message}`);
  });
  logger.info({ processes: deployed.processes.map((p) => `${p.bpmnProcessId} v${p.version}`) }, 'models deployed');
}
