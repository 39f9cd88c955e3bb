/**
 * Deployed process definitions, versioned per bpmnProcessId as Zeebe does: redeploying a resource whose
 * name and content equal the latest version's returns that version instead of creating a new one. The
 * decisions (.dmn) and forms (.form) of a deployment are kept by `decisions` and `forms`, versioned alike.
 */
import { DeployedDecisions, type StoredDecision, type StoredDrg } from './decisions/deployed-decisions';
import { parseProcesses, type ValidatedResource, validateDeployment } from './deployment-validation';
import type { Deployment, DeployResource } from './engine-api';
import { invalidArgument, notFound } from './errors';
import { DeployedForms } from './forms/deployed-forms';
import type { KeyGenerator } from './keys';
import type { ProcessModel } from './model/process-model';
import type { SnapshotState } from './state/snapshot-state';

export { parseProcesses } from './deployment-validation';

export interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  xml: string;
  model: ProcessModel;
  deploymentKey: string;
  tenantId: string;
  /** deleted definitions start no new instances (only definitions without running instances can be deleted) */
  deleted?: boolean;
}

export const DEFAULT_TENANT = '<default>';

export class Deployments {
  // every definition (deleted ones too), the live versions per process and the version counters:
  // the deployment state a snapshot holds (snapshot/restore)
  private readonly byKey = new Map<string, ProcessDefinition>();
  private readonly versions = new Map<string, ProcessDefinition[]>();
  private readonly versionCounters = new Map<string, number>();
  readonly decisions = new DeployedDecisions();
  readonly forms = new DeployedForms();

  constructor(private readonly keys: KeyGenerator) {}

  /** Parses and validates all resources before any is stored, so a rejected deployment changes nothing. */
  async deploy(
    resources: DeployResource[],
    onNewVersion: (definition: ProcessDefinition) => void,
    /** called synchronously just before the deployment is stored (the journal records it there) */
    beforeStore: () => void = () => {},
  ): Promise<Deployment> {
    const parsed = await validateDeployment(resources);

    beforeStore();
    const deploymentKey = this.keys.nextKey();
    const processes = [];
    const stored = this.storeResources(parsed, deploymentKey);
    for (const { resource, xml, models } of parsed) {
      for (const model of models) {
        const latest = this.latest(model.bpmnProcessId);
        let definition = latest;
        // Zeebe's duplicate check: same content (checksum) and same resource name as the latest version
        if (!latest || latest.xml !== xml || latest.resourceName !== resource.name) {
          definition = {
            key: this.keys.nextKey(),
            bpmnProcessId: model.bpmnProcessId,
            version: this.highestVersion(model.bpmnProcessId) + 1,
            resourceName: resource.name,
            xml,
            model,
            deploymentKey,
            tenantId: DEFAULT_TENANT,
          };
          this.byKey.set(definition.key, definition);
          this.versionCounters.set(model.bpmnProcessId, definition.version);
          const list = this.versions.get(model.bpmnProcessId) ?? [];
          list.push(definition);
          this.versions.set(model.bpmnProcessId, list);
          onNewVersion(definition);
        }
        const d = definition as ProcessDefinition;
        processes.push({
          bpmnProcessId: d.bpmnProcessId,
          version: d.version,
          processDefinitionKey: d.key,
          resourceName: d.resourceName,
          tenantId: d.tenantId,
        });
      }
    }
    return { key: deploymentKey, processes, ...stored, tenantId: DEFAULT_TENANT };
  }

  /** The .dmn and .form resources of a deployment, stored in resource order; their metadata as deploy answers it. */
  private storeResources(parsed: ValidatedResource[], deploymentKey: string) {
    const context = { key: deploymentKey, tenantId: DEFAULT_TENANT, nextKey: () => this.keys.nextKey() };
    const result: Required<Pick<Deployment, 'decisions' | 'decisionRequirements' | 'forms'>> = {
      decisions: [],
      decisionRequirements: [],
      forms: [],
    };
    for (const { resource, xml, drg, form } of parsed) {
      if (drg) {
        const stored = this.decisions.store(resource.name, xml, drg, context);
        result.decisionRequirements.push(drgMetadata(stored.requirements));
        result.decisions.push(...stored.decisions.map(decisionMetadata));
      } else if (form) {
        const {
          schema: _schema,
          deploymentKey: _key,
          deleted: _deleted,
          ...metadata
        } = this.forms.store(resource.name, xml, form, context);
        result.forms.push(metadata);
      }
    }
    return result;
  }

  /** Deletes the DRG (with its decisions) or form with this key; false when the key names neither. */
  deleteDecisionsOrForm(key: string): boolean {
    return this.decisions.deleteDrg(key) || this.forms.delete(key);
  }

  latest(bpmnProcessId: string): ProcessDefinition | undefined {
    const list = this.versions.get(bpmnProcessId);
    return list?.[list.length - 1];
  }

  /** The latest version ever deployed, deleted or not: version numbers are never reused. */
  private highestVersion(bpmnProcessId: string): number {
    return this.versionCounters.get(bpmnProcessId) ?? 0;
  }

  get(key: string): ProcessDefinition | undefined {
    const d = this.byKey.get(key);
    return d?.deleted ? undefined : d;
  }

  /** Any definition an instance may still run on, deleted or not. */
  getIncludingDeleted(key: string): ProcessDefinition | undefined {
    return this.byKey.get(key);
  }

  /** Marks a definition deleted; returns it (with the process's new latest version) or throws NOT_FOUND. */
  delete(key: string): { deleted: ProcessDefinition; latest: ProcessDefinition | undefined } {
    const d = this.get(key);
    if (!d) throw notFound(`Expected to delete resource but no resource found with key \`${key}\``);
    d.deleted = true;
    const list = (this.versions.get(d.bpmnProcessId) ?? []).filter((v) => v !== d);
    this.versions.set(d.bpmnProcessId, list);
    return { deleted: d, latest: list[list.length - 1] };
  }

  /** Finds a definition as CreateProcessInstance names it: by key, or by id and version (-1 = latest). */
  resolve(ref: { bpmnProcessId?: string; processDefinitionKey?: string; version?: number }): ProcessDefinition {
    if (ref.processDefinitionKey && ref.processDefinitionKey !== '0') {
      const d = this.get(ref.processDefinitionKey);
      if (!d)
        throw notFound(`Expected to find process definition with key '${ref.processDefinitionKey}', but none found`);
      return d;
    }
    if (!ref.bpmnProcessId)
      throw invalidArgument('Expected either a bpmnProcessId or a processDefinitionKey, but none given');
    const version = ref.version ?? -1;
    if (version < 0) {
      const d = this.latest(ref.bpmnProcessId);
      if (!d)
        throw notFound(`Expected to find process definition with process ID '${ref.bpmnProcessId}', but none found`);
      return d;
    }
    const d = this.versions.get(ref.bpmnProcessId)?.find((v) => v.version === version);
    if (!d) {
      throw notFound(
        `Expected to find process definition with process ID '${ref.bpmnProcessId}' and version '${version}', but none found`,
      );
    }
    return d;
  }

  all(): ProcessDefinition[] {
    return [...this.byKey.values()].filter((d) => !d.deleted);
  }

  get empty(): boolean {
    return this.byKey.size === 0 && this.decisions.empty && this.forms.empty;
  }

  /** The definitions with their XML (not their models), the live versions per process and the counters. */
  snapshot(): DeploymentsState {
    return {
      definitions: [...this.byKey.values()].map((def) => ({
        key: def.key,
        bpmnProcessId: def.bpmnProcessId,
        version: def.version,
        resourceName: def.resourceName,
        xml: def.xml,
        deploymentKey: def.deploymentKey,
        tenantId: def.tenantId,
        deleted: def.deleted,
      })),
      versions: [...this.versions].map(([id, list]) => [id, list.map((def) => def.key)]),
      versionCounters: [...this.versionCounters],
      // absent when there are none, so that a snapshot without them reads as before
      ...(this.decisions.empty ? {} : { decisions: this.decisions.snapshot() }),
      ...(this.forms.empty ? {} : { forms: this.forms.snapshot() }),
    };
  }

  /** Restores what `snapshot` wrote, each model parsed again from its XML. */
  async restore(state: DeploymentsState) {
    for (const def of state.definitions) {
      const model = (await parseProcesses(def.resourceName, def.xml)).find(
        (m) => m.bpmnProcessId === def.bpmnProcessId,
      );
      if (!model)
        throw new Error(
          `snapshot: definition '${def.key}' names process '${def.bpmnProcessId}', which its XML does not contain`,
        );
      this.byKey.set(def.key, { ...def, model });
    }
    for (const [id, keys] of state.versions)
      this.versions.set(
        id,
        keys.map((key) => this.restored(key)),
      );
    for (const [id, n] of state.versionCounters) this.versionCounters.set(id, n);
    if (state.decisions) await this.decisions.restore(state.decisions);
    if (state.forms) this.forms.restore(state.forms);
  }

  private restored(key: string): ProcessDefinition {
    const definition = this.byKey.get(key);
    if (!definition) throw new Error(`snapshot refers to process definition '${key}', which it does not contain`);
    return definition;
  }
}

type DeploymentsState = Pick<SnapshotState, 'definitions' | 'versions' | 'versionCounters' | 'decisions' | 'forms'>;

function drgMetadata({ xml: _xml, deploymentKey: _key, drg: _drg, deleted: _deleted, ...metadata }: StoredDrg) {
  return metadata;
}

function decisionMetadata({ deploymentKey: _key, deleted: _deleted, ...metadata }: StoredDecision) {
  return metadata;
}
