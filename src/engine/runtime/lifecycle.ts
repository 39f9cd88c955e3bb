/**
 * The element lifecycle every element kind goes through (Zeebe's BpmnStreamProcessor):
 * ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, or TERMINATING → TERMINATED. This file applies what is
 * common to all kinds (input/output mappings, boundary subscriptions, sequence flows, scope completion,
 * termination of children) and hands the kind-specific part to the behaviour in elements/.
 */
import type { ProcessDefinition } from '../deployments';
import type { FlowElement, SequenceFlow } from '../model/process-model';
import { appended, type ElementInstance, isActive, type ProcessInstance } from './element-instance';
import { behaviorOf } from './elements';
import { adHocPathEnded } from './elements/ad-hoc-sub-process';
import type { ElementAction } from './engine-events';
import { arriveAtJoin, recheckInclusiveJoins } from './gateway-joins';
import { type IncidentRetry, RETRY_ACTIVATE, RETRY_COMPLETE, RETRY_ON_ACTIVATED } from './incident-retry';
import { failureOf } from './incidents';
import { isInclusiveJoin } from './inclusive-join';
import { trimLiveHistory } from './live-history';
import { applyInputMappings, applyOutputMappings } from './mappings';
import { describedStep } from './pending-steps';
import type { Runtime } from './runtime';

export type InstanceListener = (instance: ProcessInstance) => void;

export class Lifecycle {
  /** sequence flow ids each process instance took, once each (arrays: a Set per instance costs memory) */
  readonly takenFlows = new Map<string, string[]>();
  private readonly endListeners = new Set<InstanceListener>();
  /** order in which element instances ended (read and restored by state/engine-snapshot.ts) */
  endSequence = 1;

  constructor(private readonly rt: Runtime) {}

  onProcessInstanceEnded(listener: InstanceListener): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  createProcessInstance(
    definition: ProcessDefinition,
    variables: Record<string, unknown>,
    start: FlowElement | undefined,
    payload?: Record<string, unknown>,
    callActivity?: ElementInstance,
  ): ProcessInstance {
    const key = this.rt.keys.nextKey();
    const root = this.newInstance(key, definition.model.root, definition, key, undefined);
    // pendingStart is in the literal so that setting it later does not add an out-of-object property
    const instance: ProcessInstance = {
      key,
      definition,
      root,
      history: [],
      startDate: root.startDate,
      callActivity,
      pendingStart: undefined,
    };
    this.rt.processInstances.set(key, instance);
    this.rt.history.processInstanceCreated(instance);
    this.rt.variables.setLocals(key, variables);
    // A message or signal start's variables are the instance's before it activates, so that correlation
    // keys of its event sub-processes can use them (Zeebe #8672); with output mappings they stay the event's.
    const early = payload && start && start.outputMappings.length === 0 ? payload : undefined;
    if (early) this.rt.variables.setLocals(key, early);
    if (start) instance.pendingStart = { element: start, payload: early ? undefined : payload };
    this.activate(root);
    return instance;
  }

  /** Once the root is ACTIVATED: the start event the instance was created at activates (kept as data until then). */
  private activatePendingStart(instance: ProcessInstance) {
    const start = instance.pendingStart;
    instance.pendingStart = undefined;
    if (start) this.activateChild(instance.root, start.element, start.payload);
  }

  /** Creates and activates an element instance inside a scope (queued). */
  activateChild(scope: ElementInstance, element: FlowElement, payload?: Record<string, unknown>): ElementInstance {
    const child = this.newInstance(this.rt.keys.nextKey(), element, scope.definition, scope.processInstanceKey, scope);
    child.payload = payload;
    scope.children = appended(scope.children, child);
    this.rt.enqueue(describedStep(() => this.activate(child), { activate: child.key }));
    return child;
  }

  /**
   * A flow scope that a modification needs (Zeebe's ElementActivationBehavior): created ACTIVATED at once, without
   * input mappings and without its start event; the caller sets its variables, then opens its event triggers.
   */
  openScope(parent: ElementInstance, element: FlowElement): ElementInstance {
    const scope = this.newInstance(
      this.rt.keys.nextKey(),
      element,
      parent.definition,
      parent.processInstanceKey,
      parent,
    );
    parent.children = appended(parent.children, scope);
    const process = this.rt.processInstances.get(scope.processInstanceKey);
    if (process) process.history = appended(process.history, scope);
    scope.state = 'ACTIVATED';
    return scope;
  }

  private newInstance(
    key: string,
    element: FlowElement,
    definition: ProcessDefinition,
    processInstanceKey: string,
    parent: ElementInstance | undefined,
  ): ElementInstance {
    const instance: ElementInstance = {
      key,
      element,
      definition,
      processInstanceKey,
      parent,
      state: 'ACTIVATING',
      startDate: this.rt.clock.now(),
      children: [],
      // every element instance sets payload (at the latest its output mappings clear it): kept in-object
      payload: undefined,
    };
    this.rt.elementInstances.set(key, instance);
    return instance;
  }

  /**
   * ACTIVATING → ACTIVATED; a failure (an input mapping, a boundary event's expression) raises an incident
   * whose resolution retries this (`retried`: the instance is in the history already). Only a retry looks
   * through the history: a loop's history grows without end, and a look per activation would make each
   * step slower than the last. A process instance's root activates its pending start event once ACTIVATED.
   */
  activate(instance: ElementInstance, retried = false) {
    if (instance.state !== 'ACTIVATING') return;
    const process = this.rt.processInstances.get(instance.processInstanceKey);
    if (process && !(retried && process.history.includes(instance))) {
      process.history = appended(process.history, instance);
      trimLiveHistory(this.rt, process);
    }
    if (instance.listenerIndex !== undefined) instance.listenerIndex = undefined;
    if (!this.attempt(instance, RETRY_ACTIVATE, enterActivation)) return;
    this.continueActivation(instance, 0);
  }

  /**
   * The start listeners from `index` on (execution-listeners.ts; each waits for its job), then the scope's event
   * triggers and ACTIVATED. Public: a start listener's job completion goes on here.
   */
  continueActivation(instance: ElementInstance, index: number) {
    if (instance.state !== 'ACTIVATING') return;
    if (this.listenerWaits(instance, 'start', index, RETRY_ACTIVATE)) return;
    if (!this.attempt(instance, RETRY_ACTIVATE, openTriggers)) return;
    instance.state = 'ACTIVATED';
    const process = instance.parent ? undefined : this.rt.processInstances.get(instance.processInstanceKey);
    this.told(instance, 'activated');
    if (process?.root === instance) this.activatePendingStart(process);
    this.runActivated(instance);
  }

  /** Whether a listener of `event` now runs (its job waits) or failed into an incident; false: none is left. */
  private listenerWaits(instance: ElementInstance, event: 'start' | 'end', index: number, retry: IncidentRetry) {
    if (!instance.element.executionListeners?.[event]) return false;
    let waits = false;
    const created = this.attempt(instance, retry, (rt, i) => {
      waits = rt.listeners.runExecutionListener(i, event, index);
    });
    return !created || waits;
  }

  /** The behaviour's work once ACTIVATED (public: an incident's retry runs it again). */
  runActivated(instance: ElementInstance) {
    this.attempt(instance, RETRY_ON_ACTIVATED, startBehavior);
  }

  /** Requests completion (queued), as a behaviour or a job/message does once the element's work is done. */
  complete(instance: ElementInstance) {
    this.rt.enqueue(describedStep(() => this.completeNow(instance), { complete: instance.key }));
  }

  /** (public: an incident's retry and a step rebuilt from a snapshot run it directly) */
  completeNow(instance: ElementInstance) {
    if (instance.state !== 'ACTIVATED' && instance.state !== 'COMPLETING') return;
    // an end listener's job waits: its completion goes on (continueCompletion)
    if (instance.state === 'COMPLETING' && instance.jobKey && instance.listenerIndex !== undefined) return;
    instance.state = 'COMPLETING';
    if (!this.attempt(instance, RETRY_COMPLETE, applyOutputMappings)) return;
    this.leave(instance);
    this.continueCompletion(instance, 0);
  }

  /** The end listeners from `index` on, then COMPLETED and the outgoing flows (public: as continueActivation). */
  continueCompletion(instance: ElementInstance, index: number) {
    if (instance.state !== 'COMPLETING') return;
    if (this.listenerWaits(instance, 'end', index, RETRY_COMPLETE)) return;
    const behavior = behaviorOf(instance.element);
    behavior.onCompleting?.(this.rt, instance);
    instance.state = 'COMPLETED';
    instance.endDate = this.rt.clock.now();
    instance.endSequence = this.endSequence++;
    this.told(instance, 'completed');
    this.rt.compensation.recordCompletion(instance);
    const scope = instance.parent;
    if (!scope) return this.processInstanceEnded(instance);
    removeChild(scope, instance);
    if (instance.compensationThrow) this.rt.compensation.handlerDone(instance);
    // a container that handles its children's completion (a multi-instance body): the child takes no flow
    if (behaviorOf(scope.element).onChildCompleted) return this.childCompleted(scope, instance);
    const flows = behavior.outgoing ? behavior.outgoing(this.rt, instance) : instance.element.outgoing;
    const payload = instance.forwardPayload;
    if (payload) instance.forwardPayload = undefined;
    for (const flow of flows) this.takeFlow(flow, scope, payload);
    if (scope.joins) recheckInclusiveJoins(this.rt, scope);
    if (flows.length === 0) {
      // an ad-hoc sub-process decides by its completion condition
      if (scope.element.adHoc) adHocPathEnded(this.rt, scope, instance);
      else this.completeScopeIfDone(scope);
    }
  }

  /**
   * Hands a completed child to its container's behaviour (a multi-instance body's inner instance, a call
   * activity's called process); public: an incident's retry runs it again.
   */
  childCompleted(container: ElementInstance, child: ElementInstance) {
    const onChildCompleted = behaviorOf(container.element).onChildCompleted;
    if (!onChildCompleted) return;
    const retry: IncidentRetry = { retry: 'innerCompleted', inner: child };
    this.attempt(container, retry, (rt, instance) => onChildCompleted(rt, instance, child));
  }

  /**
   * The one place where failures become incidents (Zeebe's BpmnStreamProcessor): a step of `instance` fails
   * by throwing an evaluation error (IncidentError, FeelEvaluationError); its incident carries `retry`, what
   * resolving it runs again. Anything else is an engine bug and propagates. Returns whether the step succeeded.
   */
  private attempt(instance: ElementInstance, retry: IncidentRetry, step: LifecycleStep): boolean {
    try {
      step(this.rt, instance);
      return true;
    } catch (err) {
      const failure = failureOf(err, instance.element.id);
      if (!failure) throw err;
      this.rt.incidents.raise(failure, instance, retry);
      return false;
    }
  }

  takeFlow(flow: SequenceFlow, scope: ElementInstance, payload?: Record<string, unknown>) {
    const taken = this.takenFlows.get(scope.processInstanceKey);
    if (!taken) this.takenFlows.set(scope.processInstanceKey, [flow.id]);
    else if (!taken.includes(flow.id)) taken.push(flow.id);
    const target = flow.target;
    if ((target.kind === 'parallelGateway' && target.incoming.length > 1) || isInclusiveJoin(target)) {
      arriveAtJoin(this.rt, flow, scope);
      return;
    }
    this.activateChild(scope, target, payload);
  }

  /** A scope completes when no child is active and no token waits at a join (Zeebe's active flows). */
  completeScopeIfDone(scope: ElementInstance) {
    if (scope.state !== 'ACTIVATED' || scope.children.length > 0) return;
    if (scope.joins && scope.joins.size > 0) return;
    this.complete(scope);
  }

  /** Terminates an element and everything inside it; `then` runs once it is TERMINATED. */
  terminate(instance: ElementInstance, then?: () => void) {
    if (!isActive(instance)) {
      then?.();
      return;
    }
    if (then) {
      const previous = instance.afterTermination;
      instance.afterTermination = previous
        ? () => {
            previous();
            then();
          }
        : then;
    }
    if (instance.state === 'TERMINATING') return;
    if (instance.state === 'ACTIVATING') this.rt.history.forgetIfNeverActivated(instance);
    instance.state = 'TERMINATING';
    // a user task's canceling listeners run first; the last one's completion goes on (finishTermination)
    if (instance.element.taskListeners?.canceling && this.rt.userTasks.cancelingWaits(instance)) return;
    this.finishTermination(instance);
  }

  /** What terminating an element does once nothing holds it up: leaves it, then its children (public: see terminate). */
  finishTermination(instance: ElementInstance) {
    if (instance.state !== 'TERMINATING') return;
    this.leave(instance);
    if (instance.children.length === 0) {
      this.rt.enqueue(() => this.terminated(instance));
      return;
    }
    for (const child of [...instance.children]) this.rt.enqueue(() => this.terminate(child));
  }

  /** Terminates every active child of a scope except `keep`, then runs `then`. */
  terminateChildren(scope: ElementInstance, then: () => void, keep?: ElementInstance) {
    const others = [...scope.children].filter((c) => c !== keep);
    if (others.length === 0) {
      this.rt.enqueue(then);
      return;
    }
    let remaining = others.length;
    for (const child of others) {
      this.terminate(child, () => {
        remaining -= 1;
        if (remaining === 0) then();
      });
    }
  }

  /** Tells the engine's listeners (engine-events.ts) an element instance changed state. */
  private told(instance: ElementInstance, action: ElementAction) {
    this.rt.events.emit(() => ({
      kind: 'element',
      action,
      elementType: instance.element.camundaType,
      rootProcess: !instance.parent && !this.rt.processInstances.get(instance.processInstanceKey)?.callActivity,
    }));
  }

  private terminated(instance: ElementInstance) {
    if (instance.state !== 'TERMINATING') return;
    instance.state = 'TERMINATED';
    instance.endDate = this.rt.clock.now();
    instance.endSequence = this.endSequence++;
    this.told(instance, 'terminated');
    instance.joins = undefined;
    const scope = instance.parent;
    if (scope) removeChild(scope, instance);
    if (instance.compensationThrow) this.rt.compensation.handlerDone(instance);
    const after = instance.afterTermination;
    instance.afterTermination = undefined;
    if (!scope) this.processInstanceEnded(instance);
    if (after) after();
    if (scope?.state === 'TERMINATING' && scope.children.length === 0) this.rt.enqueue(() => this.terminated(scope));
  }

  /** Closes what an element holds while active: job, subscriptions, timers, incidents. */
  private leave(instance: ElementInstance) {
    // (fields are cleared only when set: assigning undefined would add a property to every element instance)
    if (instance.jobKey) {
      this.rt.jobs.cancel(instance.jobKey);
      instance.jobKey = undefined;
    }
    if (instance.element.kind === 'userTask') this.rt.userTasks.elementLeft(instance);
    this.rt.timers.close(instance);
    this.rt.messages.closeSubscriptions(instance);
    this.rt.signals.closeSubscriptions(instance);
    if (instance.calledInstanceKey) {
      const called = this.rt.processInstances.get(instance.calledInstanceKey);
      instance.calledInstanceKey = undefined;
      if (called && isActive(called.root)) this.terminate(called.root);
    }
    if (instance.incidentKey) this.rt.incidents.resolveSilently(instance.incidentKey);
  }

  private processInstanceEnded(root: ElementInstance) {
    const instance = this.rt.processInstances.get(root.key);
    if (!instance) return;
    instance.endDate = this.rt.clock.now();
    this.rt.messages.releaseStartCorrelation(instance);
    if (instance.callActivity && root.state === 'COMPLETED') this.childCompleted(instance.callActivity, root);
    for (const listener of this.endListeners) listener(instance);
  }
}

type LifecycleStep = (rt: Runtime, instance: ElementInstance) => void;

/** What ACTIVATING does for every kind before its start listeners: loop locals, input mappings. */
function enterActivation(rt: Runtime, instance: ElementInstance) {
  if (instance.loopLocals) rt.variables.setLocals(instance.key, instance.loopLocals);
  applyInputMappings(rt, instance);
}

/** After the start listeners: the scope's event triggers (all or none). */
function openTriggers(rt: Runtime, instance: ElementInstance) {
  if (instance.element.boundaryEvents.length > 0 || instance.element.eventSubProcesses.length > 0) {
    rt.triggers.openScopeTriggers(instance);
  }
}

function startBehavior(rt: Runtime, instance: ElementInstance) {
  behaviorOf(instance.element).onActivated(rt, instance);
}

/** Active children are few per scope: an array is smaller than a Set and as fast at this size. */
function removeChild(scope: ElementInstance, child: ElementInstance) {
  const index = scope.children.indexOf(child);
  if (index >= 0) scope.children.splice(index, 1);
}
