/**
 * Deployed decision requirements graphs (one per .dmn resource) and their decisions, versioned as Zeebe's
 * DmnResourceTransformer does: a DRG is a duplicate, keeping its keys and versions, when its resource name
 * and content equal the latest version's and every decision's latest version belongs to that DRG; otherwise
 * the DRG and each of its decisions get a new key and the next version of their id. Deleting a DRG deletes
 * its decisions with it; version numbers are never reused.
 */
import type { DeployedDecision, DeployedDecisionRequirements } from '../engine-api';
import type { DecisionRequirements } from './dmn-model';
import { parseDmn } from './parse-dmn';

export interface StoredDrg extends DeployedDecisionRequirements {
  xml: string;
  deploymentKey: string;
  /** the parsed graph (not in snapshots: restore parses the XML again) */
  drg: DecisionRequirements;
  deleted?: boolean;
}

export interface StoredDecision extends DeployedDecision {
  deploymentKey: string;
  deleted?: boolean;
}

export interface DecisionsState {
  drgs: Omit<StoredDrg, 'drg'>[];
  decisions: StoredDecision[];
  /** next-version counters: DRG ids, then decision ids */
  drgVersions: [string, number][];
  decisionVersions: [string, number][];
}

interface DeploymentContext {
  key: string;
  tenantId: string;
  nextKey: () => string;
}

export class DeployedDecisions {
  private readonly drgs = new Map<string, StoredDrg>();
  private readonly decisions = new Map<string, StoredDecision>();
  private readonly drgVersions = new Map<string, number>();
  private readonly decisionVersions = new Map<string, number>();

  /** Stores a parsed .dmn resource (or finds its duplicate); returns the DRG and its decisions as stored. */
  store(
    resourceName: string,
    xml: string,
    drg: DecisionRequirements,
    deployment: DeploymentContext,
  ): { requirements: StoredDrg; decisions: StoredDecision[] } {
    const latest = this.latestDrg(drg.id);
    if (latest && this.isDuplicate(latest, resourceName, xml, drg)) {
      return { requirements: latest, decisions: drg.decisions.map((d) => this.latestDecision(d.id) as StoredDecision) };
    }
    const requirements: StoredDrg = {
      decisionRequirementsKey: deployment.nextKey(),
      decisionRequirementsId: drg.id,
      name: drg.name,
      version: next(this.drgVersions, drg.id),
      resourceName,
      tenantId: deployment.tenantId,
      xml,
      deploymentKey: deployment.key,
      drg,
    };
    this.drgs.set(requirements.decisionRequirementsKey, requirements);
    const decisions = drg.decisions.map((parsed) => {
      const decision: StoredDecision = {
        decisionKey: deployment.nextKey(),
        decisionId: parsed.id,
        name: parsed.name,
        version: next(this.decisionVersions, parsed.id),
        ...(parsed.versionTag !== undefined ? { versionTag: parsed.versionTag } : {}),
        decisionRequirementsKey: requirements.decisionRequirementsKey,
        decisionRequirementsId: drg.id,
        tenantId: deployment.tenantId,
        deploymentKey: deployment.key,
      };
      this.decisions.set(decision.decisionKey, decision);
      return decision;
    });
    return { requirements, decisions };
  }

  private isDuplicate(latest: StoredDrg, resourceName: string, xml: string, drg: DecisionRequirements): boolean {
    return (
      latest.resourceName === resourceName &&
      latest.xml === xml &&
      drg.decisions.every((d) => this.latestDecision(d.id)?.decisionRequirementsKey === latest.decisionRequirementsKey)
    );
  }

  latestDrg(decisionRequirementsId: string): StoredDrg | undefined {
    return newest(this.liveDrgs(), (d) => d.decisionRequirementsId === decisionRequirementsId);
  }

  latestDecision(decisionId: string): StoredDecision | undefined {
    return newest(this.liveDecisions(), (d) => d.decisionId === decisionId);
  }

  getDrg(key: string): StoredDrg | undefined {
    const drg = this.drgs.get(key);
    return drg?.deleted ? undefined : drg;
  }

  getDecision(key: string): StoredDecision | undefined {
    const decision = this.decisions.get(key);
    return decision?.deleted ? undefined : decision;
  }

  /** Marks a DRG and its decisions deleted; false when no live DRG has the key. */
  deleteDrg(key: string): boolean {
    const drg = this.getDrg(key);
    if (!drg) return false;
    drg.deleted = true;
    for (const decision of this.decisions.values())
      if (decision.decisionRequirementsKey === key) decision.deleted = true;
    return true;
  }

  *liveDrgs(): Iterable<StoredDrg> {
    for (const drg of this.drgs.values()) if (!drg.deleted) yield drg;
  }

  *liveDecisions(): Iterable<StoredDecision> {
    for (const decision of this.decisions.values()) if (!decision.deleted) yield decision;
  }

  get empty(): boolean {
    return this.drgs.size === 0;
  }

  snapshot(): DecisionsState {
    return {
      drgs: [...this.drgs.values()].map(({ drg: _parsed, ...stored }) => stored),
      decisions: [...this.decisions.values()].map((d) => ({ ...d })),
      drgVersions: [...this.drgVersions],
      decisionVersions: [...this.decisionVersions],
    };
  }

  /** Restores what `snapshot` wrote, each graph parsed again from its XML. */
  async restore(state: DecisionsState) {
    for (const stored of state.drgs) {
      const parsed = await parseDmn(stored.xml);
      if (!parsed.ok)
        throw new Error(
          `snapshot: decision requirements '${stored.decisionRequirementsKey}' no longer parse: ${parsed.failureMessage}`,
        );
      this.drgs.set(stored.decisionRequirementsKey, { ...stored, drg: parsed.drg });
    }
    for (const decision of state.decisions) this.decisions.set(decision.decisionKey, { ...decision });
    for (const [id, n] of state.drgVersions) this.drgVersions.set(id, n);
    for (const [id, n] of state.decisionVersions) this.decisionVersions.set(id, n);
  }
}

function next(counters: Map<string, number>, id: string): number {
  const version = (counters.get(id) ?? 0) + 1;
  counters.set(id, version);
  return version;
}

function newest<T extends { version: number }>(items: Iterable<T>, matches: (item: T) => boolean): T | undefined {
  let found: T | undefined;
  for (const item of items) if (matches(item) && (!found || item.version > found.version)) found = item;
  return found;
}
