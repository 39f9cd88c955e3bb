/**
 * Catch events that wait on behalf of a scope: boundary events of an activity and the start events of
 * a container's event sub-processes. Opens their timers and message subscriptions when the owner
 * activates, and applies what a trigger means: complete a waiting catch event, choose the branch of an
 * event-based gateway, interrupt (terminate the activity or the scope's other children first) or run
 * alongside.
 */
import type { FlowElement } from '../model/process-model';
import type { ElementInstance } from './element-instance';
import type { Runtime } from './runtime';

export class EventTriggers {
  constructor(private readonly rt: Runtime) {}

  /**
   * The boundary events of an activating activity and the event sub-process starts of an activating
   * container (expressions see the activity's input-mapped locals), all or none: see openAll.
   */
  openScopeTriggers(owner: ElementInstance) {
    const element = owner.element;
    const starts = element.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
    this.openAll(owner, starts.length === 0 ? element.boundaryEvents : [...element.boundaryEvents, ...starts]);
  }

  /**
   * Opens the timer, message or signal subscription of each event on behalf of `owner`, all or none: when
   * one cannot open (its expression failed), those opened before it close again, as whatever retries the
   * failed step opens them all again.
   */
  openAll(owner: ElementInstance, events: readonly FlowElement[]) {
    try {
      for (const event of events) this.openFor(owner, event);
    } catch (err) {
      this.closeAll(owner);
      throw err;
    }
  }

  /** Opens the timer, message or signal subscription of `event` on behalf of `owner`. */
  openFor(owner: ElementInstance, event: FlowElement) {
    const definition = event.eventDefinition;
    if (definition.kind === 'timer') this.rt.timers.schedule(owner, event);
    else if (definition.kind === 'message') this.rt.messages.subscribe(owner, event);
    else if (definition.kind === 'signal') this.rt.signals.subscribe(owner, event);
    else if (definition.kind === 'conditional') this.rt.conditionals.opened(owner, event);
  }

  /** Closes every timer and subscription `owner` holds. */
  closeAll(owner: ElementInstance) {
    this.rt.timers.close(owner);
    this.rt.messages.closeSubscriptions(owner);
    this.rt.signals.closeSubscriptions(owner);
  }

  /**
   * An event fired for `owner`: the waiting catch event itself (intermediate catch, receive task), the
   * activity a boundary event is attached to, or the container of an event sub-process.
   * Returns false when the owner can no longer be triggered.
   */
  trigger(event: FlowElement, owner: ElementInstance, payload: Record<string, unknown> | undefined): boolean {
    if (owner.state !== 'ACTIVATED') return false;
    const lifecycle = this.rt.lifecycle;
    if (event === owner.element) {
      owner.payload = payload;
      lifecycle.complete(owner);
      return true;
    }
    if (owner.element.kind === 'eventBasedGateway') {
      // the first event wins: the gateway completes towards it and the event completes at once
      owner.chosenFlows = owner.element.outgoing.filter((flow) => flow.target === event);
      owner.forwardPayload = payload ?? {};
      lifecycle.complete(owner);
      return true;
    }
    if (event.kind === 'boundaryEvent') {
      const scope = owner.parent as ElementInstance;
      if (event.interrupting) lifecycle.terminate(owner, () => lifecycle.activateChild(scope, event, payload));
      else lifecycle.activateChild(scope, event, payload);
      return true;
    }
    const sub = event.scope as FlowElement;
    if (sub.interrupting) {
      // an interrupting event sub-process closes the scope's other event triggers and its children
      this.closeAll(owner);
      lifecycle.terminateChildren(owner, () => lifecycle.activateChild(owner, sub, payload));
    } else {
      lifecycle.activateChild(owner, sub, payload);
    }
    return true;
  }
}
