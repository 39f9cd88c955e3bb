/**
 * What a deployment is checked for before anything of it is stored, as Zeebe rejects it: every resource a
 * .bpmn with at least one executable process that passes the model checks, a .dmn that dmn-scala would
 * parse or a .form with an id; no process id, decision requirements id or decision id twice within the
 * deployment. Deploy runs it first; the app's model store runs it on the models it would deploy at the
 * next start, so a model that would stop that start is refused when it is saved.
 */
import { type DecisionRequirements, parseDmn } from './decisions';
import type { DeployResource } from './engine-api';
import { invalidArgument } from './errors';
import { type ParsedForm, parseForm } from './forms/parse-form';
import { buildProcessModel, ModelProblems } from './model/build-model';
import type { ProcessModel } from './model/process-model';
import { BpmnReadError, readBpmn } from './model/read-bpmn';

/** A resource as deploy stores it: its text and what it holds (`models` empty for a .dmn or .form). */
export interface ValidatedResource {
  resource: DeployResource;
  xml: string;
  models: ProcessModel[];
  drg?: DecisionRequirements;
  form?: ParsedForm;
}

/** Zeebe's wording around every reason a deployment is rejected. */
function rejected(failure: string) {
  return invalidArgument(`Expected to deploy new resources, but encountered the following errors:\n${failure}`);
}

/** Throws the INVALID_ARGUMENT deploy would answer; returns the parsed resources otherwise. */
export async function validateDeployment(resources: DeployResource[]): Promise<ValidatedResource[]> {
  if (resources.length === 0) throw invalidArgument('Expected to deploy at least one resource, but none given');
  const parsed: ValidatedResource[] = [];
  for (const resource of resources) {
    const xml = typeof resource.content === 'string' ? resource.content : resource.content.toString('utf8');
    if (resource.name.endsWith('.dmn')) {
      const drg = await parseDecisions(resource.name, xml);
      checkUniqueDecisionIds(parsed, resource.name, drg);
      parsed.push({ resource, xml, models: [], drg });
    } else if (resource.name.endsWith('.form')) {
      const form = parseForm(resource.name, xml);
      if (!form.ok) throw rejected(form.failure);
      parsed.push({ resource, xml, models: [], form: form.form });
    } else if (/\.bpmn$|\.xml$/i.test(resource.name)) {
      parsed.push({ resource, xml, models: await parseProcesses(resource.name, xml) });
    } else {
      throw invalidArgument(
        `Expected to deploy a resource of type .bpmn, .dmn or .form, but '${resource.name}' is not supported by the embedded engine`,
      );
    }
  }
  const ids = parsed.flatMap((p) => p.models.map((m) => m.bpmnProcessId));
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw invalidArgument(`Expected the process id '${duplicate}' to be unique within one deployment`);
  return parsed;
}

async function parseDecisions(resourceName: string, xml: string): Promise<DecisionRequirements> {
  const result = await parseDmn(xml);
  if (!result.ok) throw rejected(`'${resourceName}': ${result.failureMessage}`);
  return result.drg;
}

/** Zeebe's checks across the .dmn resources of one deployment: DRG ids first, then decision ids. */
function checkUniqueDecisionIds(earlier: ValidatedResource[], resourceName: string, drg: DecisionRequirements) {
  const sameDrg = earlier.find((p) => p.drg?.id === drg.id);
  if (sameDrg) {
    throw rejected(
      `Expected the decision requirements ids to be unique within a deployment but found a duplicated id '${drg.id}' in the resources '${sameDrg.resource.name}' and '${resourceName}'.`,
    );
  }
  for (const other of earlier) {
    const clash = other.drg?.decisions.find((d) => drg.decisionsById.has(d.id));
    if (clash) {
      throw rejected(
        `Expected the decision ids to be unique within a deployment but found a duplicated id '${clash.id}' in the resources '${other.resource.name}' and '${resourceName}'.`,
      );
    }
  }
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
