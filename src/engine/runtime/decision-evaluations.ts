/**
 * Decision evaluations as Zeebe records them (DecisionBehavior, EvaluateDecisionProcessor): the decision found by
 * key or by id (its latest version), evaluated in its DRG, and the outcome kept as a decision evaluation with one
 * decision instance per decision evaluated (required ones first). Zeebe writes an evaluation, failed or not, as
 * an event with one new key; its decision instances are `<key>-<n>`, as Camunda's exporters name them. A lookup
 * failure is a rejection (nothing is kept); an evaluation failure is a kept evaluation that names the failed
 * decision.
 *
 * Kept evaluations are bounded as instances are (history-retention.ts, ENGINE_HISTORY_LIMIT): a business rule
 * task's goes with its process instance's history, and only the newest `limit` standalone ones (EvaluateDecision)
 * stay, so whoever may evaluate cannot grow the engine's memory without end. Each runs under the FEEL budget
 * (feel-budgets.ts), which journals an excess so a replay fails the same evaluation again.
 */
import { type EvaluatedDecision, evaluateDecision } from '../decisions';
import type { StoredDecision } from '../decisions/deployed-decisions';
import { invalidArgument, notFound } from '../errors';
import type { ResourceBinding } from '../model/resource-binding';
import { IncidentError } from './incidents';
import type { Runtime } from './runtime';

/** Who asked: a business rule task's element instance (absent for EvaluateDecision). */
export interface DecisionCaller {
  processInstanceKey: string;
  processDefinitionKey: string;
  elementInstanceKey: string;
  elementId: string;
}

export interface EvaluatedDecisionView extends EvaluatedDecision {
  /** `<decisionEvaluationKey>-<position, from 1>` */
  decisionEvaluationInstanceKey: string;
  /** the deployed decision's key and version (-1 when its DRG has no such decision, as Zeebe writes) */
  decisionKey: string;
  decisionVersion: number;
}

export interface DecisionEvaluationView {
  decisionEvaluationKey: string;
  decisionKey: string;
  decisionId: string;
  decisionName: string;
  decisionVersion: number;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
  /** ISO date of the evaluation */
  evaluationDate: string;
  /** the decision's output (a JSON value); null when it failed */
  output: unknown;
  failedDecisionId?: string;
  failureMessage?: string;
  evaluatedDecisions: EvaluatedDecisionView[];
  caller?: DecisionCaller;
}

/** What to evaluate: exactly one of the decision's key or id. */
export interface DecisionLookup {
  decisionKey?: string;
  decisionId?: string;
}

export class DecisionEvaluations {
  private readonly byKey = new Map<string, DecisionEvaluationView>();
  /** standalone evaluation keys, oldest first; entries before `head` are already removed */
  private standalone: string[] = [];
  private head = 0;

  constructor(private readonly rt: Runtime) {}

  /** Finds the decision (throws Zeebe's rejection when none is named or found), evaluates it and keeps the outcome. */
  evaluate(
    lookup: DecisionLookup,
    variables: Record<string, unknown>,
    caller?: DecisionCaller,
  ): DecisionEvaluationView {
    return this.evaluateDecision(this.find(lookup), variables, caller);
  }

  /** Evaluates a decision found already and keeps the outcome. */
  evaluateDecision(
    decision: StoredDecision,
    variables: Record<string, unknown>,
    caller?: DecisionCaller,
  ): DecisionEvaluationView {
    const decisions = this.rt.deployments.decisions;
    const drg = decisions.getDrg(decision.decisionRequirementsKey);
    if (!drg)
      throw notFound(lookupFailure(decision.decisionId, `no drg found for id '${decision.decisionRequirementsId}'`));
    const result = evaluateDecision(drg.drg, decision.decisionId, variables, {
      now: () => this.rt.clock.now(),
      budget: this.rt.feelBudgets,
      scope: caller?.elementInstanceKey,
    });
    const key = this.rt.keys.nextKey();
    const siblings = new Map<string, StoredDecision>();
    for (const d of decisions.liveDecisions())
      if (d.decisionRequirementsKey === drg.decisionRequirementsKey) siblings.set(d.decisionId, d);
    const view: DecisionEvaluationView = {
      decisionEvaluationKey: key,
      decisionKey: decision.decisionKey,
      decisionId: decision.decisionId,
      decisionName: decision.name,
      decisionVersion: decision.version,
      decisionRequirementsKey: decision.decisionRequirementsKey,
      decisionRequirementsId: decision.decisionRequirementsId,
      tenantId: decision.tenantId,
      evaluationDate: new Date(this.rt.clock.now()).toISOString(),
      output: result.ok ? result.decisionOutput : null,
      ...(result.ok ? {} : { failedDecisionId: result.failedDecisionId, failureMessage: result.failureMessage }),
      evaluatedDecisions: result.evaluatedDecisions.map((evaluated, i) => ({
        ...evaluated,
        decisionEvaluationInstanceKey: `${key}-${i + 1}`,
        decisionKey: siblings.get(evaluated.decisionId)?.decisionKey ?? '-1',
        decisionVersion: siblings.get(evaluated.decisionId)?.version ?? -1,
      })),
      ...(caller ? { caller } : {}),
    };
    this.keep(view);
    return view;
  }

  /** Zeebe's lookup: by id the latest version, by key that one; NOT_FOUND in DecisionBehavior's words. */
  find({ decisionKey, decisionId }: DecisionLookup): StoredDecision {
    const decisions = this.rt.deployments.decisions;
    if (decisionId) {
      const found = decisions.latestDecision(decisionId);
      if (!found) throw notFound(lookupFailure(decisionId, `no decision found for id '${decisionId}'`));
      return found;
    }
    if (decisionKey && decisionKey !== '-1') {
      const found = decisions.getDecision(decisionKey);
      if (!found) throw notFound(lookupFailure(decisionKey, `no decision found for key '${decisionKey}'`));
      return found;
    }
    throw invalidArgument('Expected either a decisionId or a decisionKey greater than -1, but none or both provided');
  }

  /** A business rule task's decision by its binding type; throws CALLED_DECISION_ERROR in Zeebe's words. */
  findCalled(decisionId: string, binding: ResourceBinding, deploymentKey: string): StoredDecision {
    const live = [...this.rt.deployments.decisions.liveDecisions()].filter((d) => d.decisionId === decisionId);
    const newest = (matching: StoredDecision[]) =>
      matching.reduce<StoredDecision | undefined>((a, d) => (!a || d.version > a.version ? d : a), undefined);
    let found: StoredDecision | undefined;
    let failure: string;
    if (binding.bindingType === 'deployment') {
      found = live.find((d) => d.deploymentKey === deploymentKey);
      failure =
        `Expected to evaluate decision '${decisionId}' with binding type 'deployment', but no such decision found in the deployment with key ${deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.';
    } else if (binding.bindingType === 'versionTag') {
      found = newest(live.filter((d) => d.versionTag === binding.versionTag));
      failure =
        `Expected to evaluate decision with id '${decisionId}' and version tag '${binding.versionTag}', but no such decision found. ` +
        'To resolve this incident, deploy a decision with the given id and version tag.';
    } else {
      found = newest(live);
      failure = lookupFailure(decisionId, `no decision found for id '${decisionId}'`);
    }
    if (!found) throw new IncidentError('CALLED_DECISION_ERROR', failure);
    return found;
  }

  get(decisionEvaluationKey: string): DecisionEvaluationView | undefined {
    return this.byKey.get(decisionEvaluationKey);
  }

  list(): Iterable<DecisionEvaluationView> {
    return this.byKey.values();
  }

  /** absent when there are none, so a snapshot without evaluations reads as before */
  snapshot(): { decisionEvaluations?: DecisionEvaluationView[] } {
    return this.byKey.size === 0 ? {} : { decisionEvaluations: [...this.byKey.values()] };
  }

  restore(state: readonly DecisionEvaluationView[]) {
    for (const view of state) this.keep(view);
  }

  /** standalone evaluations currently kept */
  get standaloneCount() {
    return this.standalone.length - this.head;
  }

  /** Removes the oldest standalone evaluations beyond `limit` (history-retention.ts, at the end of every command). */
  evictStandaloneBeyond(limit: number) {
    while (this.standaloneCount > limit) this.byKey.delete(this.standalone[this.head++]);
    if (this.head > 1024 && this.head * 2 > this.standalone.length) {
      this.standalone = this.standalone.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes a business rule task's evaluation (its process instance's history is removed). */
  forget(decisionEvaluationKey: string) {
    this.byKey.delete(decisionEvaluationKey);
  }

  private keep(view: DecisionEvaluationView) {
    this.byKey.set(view.decisionEvaluationKey, view);
    if (view.caller) this.rt.history.decisionEvaluated(view.caller.processInstanceKey, view.decisionEvaluationKey);
    else this.standalone.push(view.decisionEvaluationKey);
  }
}

function lookupFailure(decision: string, reason: string) {
  return `Expected to evaluate decision '${decision}', but ${reason}`;
}
