/**
 * What a deployment is checked for before anything of it is stored, as Zeebe rejects it: every resource a
 * .bpmn with at least one executable process that passes the model checks, and no process id twice within
 * the deployment. Deploy runs it first; the app's model store runs it on the models it would deploy at the
 * next start, so a model that would stop that start is refused when it is saved.
 */
import type { DeployResource } from './engine-api';
import { invalidArgument } from './errors';
import { buildProcessModel, ModelProblems } from './model/build-model';
import type { ProcessModel } from './model/process-model';
import { BpmnReadError, readBpmn } from './model/read-bpmn';

export interface ValidatedResource {
  resource: DeployResource;
  xml: string;
  models: ProcessModel[];
}

/** Throws the INVALID_ARGUMENT deploy would answer; returns the parsed resources otherwise. */
export async function validateDeployment(resources: DeployResource[]): Promise<ValidatedResource[]> {
  if (resources.length === 0) throw invalidArgument('Expected to deploy at least one resource, but none given');
  const parsed: ValidatedResource[] = [];
  for (const resource of resources) {
    if (!/\.bpmn$|\.xml$/i.test(resource.name)) {
      throw invalidArgument(
        `Expected to deploy a resource of type .bpmn, but '${resource.name}' is not supported by the embedded engine`,
      );
    }
    const xml = typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8');
    parsed.push({ resource, xml, models: await parseProcesses(resource.name, xml) });
  }
  const ids = parsed.flatMap((p) => p.models.map((m) => m.bpmnProcessId));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw invalidArgument(`Expected the process id '${duplicate}' to be unique within one deployment`);
  return parsed;
}

/** One resource's executable processes, built and checked; INVALID_ARGUMENT with every problem found. */
export async function parseProcesses(resourceName: string, xml: string): Promise<ProcessModel[]> {
  let definitions: Awaited<ReturnType<typeof readBpmn>>;
  try {
    definitions = await readBpmn(resourceName, xml);
  } catch (err) {
    if (err instanceof BpmnReadError) throw invalidArgument(err.message);
    throw err;
  }
  // biome-ignore lint/suspicious/noExplicitAny: moddle tree
  const executable = (definitions.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process' && e.isExecutable);
  if (executable.length === 0) {
    throw invalidArgument(`'${resourceName}': Must contain at least one executable process`);
  }
  const problems = new ModelProblems();
  const models = executable.map((process: unknown) => buildProcessModel(process, problems));
  if (!problems.empty) throw invalidArgument(problems.describe(resourceName));
  return models;
}
