/**
 * Conditional events as Camunda 8.9 runs them. A condition is evaluated when its scope activates (a boundary
 * event's activity, an event sub-process's container, the waiting catch event itself) and again whenever a
 * variable it reads changes (created, or updated to another value; `variableEvents` can narrow this) in its
 * scope or a scope above: top-down from the scope that changed, once per changed batch, until an interrupting
 * event ends what is below. True triggers the event. Nothing is kept as state: what waits is read from the
 * active element instances, so a restart (snapshot or replay) waits on the same conditions. Root-level
 * conditional start events are evaluated only on request (POST /v2/conditionals/evaluation).
 */
import { notFound } from '../errors';
import { type CompiledExpression, type FeelContext, FeelEvaluationError } from '../feel';
import type { FlowElement, VariableEvent } from '../model/process-model';
import { type ElementInstance, isActive } from './element-instance';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';
import { sameValue } from './variables';

/** changed variable names of one scope, with how each last changed */
type Changes = Map<string, VariableEvent>;

export interface ConditionalStartResult {
  key: string;
  processInstances: { processDefinitionKey: string; processInstanceKey: string }[];
}

export class ConditionalEvents {
  /** variable changes not evaluated yet, per scope key (flushed by a step queued at the first one) */
  private pending: Map<string, Changes> | undefined;

  constructor(private readonly rt: Runtime) {
    rt.variables.onChange = (scopeKey, name, previous, value, created) =>
      this.variableChanged(scopeKey, name, previous, value, created);
  }

  /** `owner` activated with `event` waiting on it: evaluate once the owner is ACTIVATED. */
  opened(owner: ElementInstance, event: FlowElement) {
    this.rt.enqueue(() => this.evaluate(owner, event));
  }

  private variableChanged(scopeKey: string, name: string, previous: unknown, value: unknown, created: boolean) {
    const scope = this.rt.elementInstances.get(scopeKey);
    // an activating scope's variables (its start, input mappings) are seen by its activation's evaluation
    if (!scope?.definition.model.hasConditionalEvents || scope.state !== 'ACTIVATED') return;
    if (!created && sameValue(previous, value)) return;
    if (!this.pending) {
      this.pending = new Map();
      this.rt.enqueue(() => this.evaluatePending());
    }
    let changes = this.pending.get(scopeKey);
    if (!changes) {
      changes = new Map();
      this.pending.set(scopeKey, changes);
    }
    if (!changes.has(name)) changes.set(name, created ? 'create' : 'update');
  }

  private evaluatePending() {
    const pending = this.pending;
    this.pending = undefined;
    for (const [scopeKey, changes] of pending ?? []) {
      const scope = this.rt.elementInstances.get(scopeKey);
      if (scope) this.evaluateBelow(scope, changes);
    }
  }

  /** Top-down: the scope's own conditional events, then its children's, unless one interrupted. */
  private evaluateBelow(instance: ElementInstance, changes: Changes) {
    if (instance.state !== 'ACTIVATED') return;
    for (const event of waitingOn(instance)) {
      if (reads(event, changes) && this.evaluate(instance, event) && interrupts(event)) return;
    }
    for (const child of [...instance.children]) this.evaluateBelow(child, changes);
  }

  /** Evaluates `event`'s condition for `owner` and triggers it when true; returns whether it triggered. */
  private evaluate(owner: ElementInstance, event: FlowElement): boolean {
    if (owner.state !== 'ACTIVATED' || !stillOpen(owner, event)) return false;
    const definition = event.eventDefinition;
    if (definition.kind !== 'conditional') return false;
    const lookup = (name: string) => this.rt.variables.lookup(owner, name);
    if (!holds(definition.condition, lookup, feelContext(this.rt, owner))) return false;
    return this.rt.triggers.trigger(event, owner, undefined);
  }

  /**
   * Evaluates the root-level conditional start events of the latest version of every process (or of the
   * given definition) with `variables`; each true one starts an instance with them.
   */
  evaluateStarts(variables: Record<string, unknown>, processDefinitionKey?: string): ConditionalStartResult {
    const deployments = this.rt.deployments;
    let definitions = deployments.all().filter((d) => deployments.latest(d.bpmnProcessId) === d);
    if (processDefinitionKey !== undefined) {
      const definition = deployments.get(processDefinitionKey);
      if (!definition) {
        throw notFound(
          `Expected to evaluate conditional start events of process definition with key '${processDefinitionKey}', but no such process definition was found`,
        );
      }
      definitions = [definition];
    }
    const processInstances: ConditionalStartResult['processInstances'] = [];
    for (const definition of definitions) {
      for (const start of definition.model.conditionalStartEvents) {
        if (start.eventDefinition.kind !== 'conditional') continue;
        if (!holds(start.eventDefinition.condition, (name) => variables[name])) continue;
        const instance = this.rt.lifecycle.createProcessInstance(definition, variables, start);
        processInstances.push({ processDefinitionKey: definition.key, processInstanceKey: instance.key });
      }
    }
    return { key: this.rt.keys.nextKey(), processInstances };
  }
}

/** Whether a condition is true; one that cannot be evaluated is not (see docs/divergences.md). */
function holds(condition: CompiledExpression, lookup: (name: string) => unknown, ctx?: FeelContext): boolean {
  try {
    return condition.evaluate(lookup, ctx) === true;
  } catch (err) {
    if (err instanceof FeelEvaluationError) return false;
    throw err;
  }
}

/**
 * The conditional events waiting on an element instance: itself (a catch event), the catch events after it (an
 * event-based gateway), its boundaries, its event sub-processes.
 */
function waitingOn(instance: ElementInstance): FlowElement[] {
  const element = instance.element;
  const events: FlowElement[] = [];
  if (element.kind === 'intermediateCatchEvent' && element.eventDefinition.kind === 'conditional') events.push(element);
  // an event-based gateway waits on the catch events after it
  if (element.kind === 'eventBasedGateway')
    for (const flow of element.outgoing)
      if (flow.target.eventDefinition.kind === 'conditional') events.push(flow.target);
  for (const sub of element.eventSubProcesses)
    if (sub.startEvent?.eventDefinition.kind === 'conditional') events.push(sub.startEvent);
  for (const boundary of element.boundaryEvents)
    if (boundary.eventDefinition.kind === 'conditional') events.push(boundary);
  return events;
}

function reads(event: FlowElement, changes: Changes): boolean {
  const definition = event.eventDefinition;
  if (definition.kind !== 'conditional') return false;
  return definition.condition.variableNames.some((name) => {
    const change = changes.get(name);
    return change !== undefined && (!definition.variableEvents || definition.variableEvents.includes(change));
  });
}

/** An event sub-process start stops waiting while an interrupting event sub-process of its scope runs. */
function stillOpen(owner: ElementInstance, event: FlowElement): boolean {
  if (event.scope?.kind !== 'eventSubProcess') return true;
  return !owner.children.some((c) => c.element.kind === 'eventSubProcess' && c.element.interrupting && isActive(c));
}

function interrupts(event: FlowElement): boolean {
  if (event.kind === 'boundaryEvent') return event.interrupting;
  if (event.scope?.kind === 'eventSubProcess') return event.scope.interrupting;
  return true;
}
