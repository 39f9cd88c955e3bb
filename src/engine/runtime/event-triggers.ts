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

  /** Boundary events of an activating activity; expressions see the activity's input-mapped locals. */
  openBoundaryEvents(activity: ElementInstance) {
    for (const boundary of activity.element.boundaryEvents) this.open(boundary, activity);
  }

  /** Event sub-process start events of an activating container. */
  openEventSubProcesses(container: ElementInstance) {
    for (const sub of container.element.eventSubProcesses) {
      if (sub.startEvent) this.open(sub.startEvent, container);
    }
  }

  /** Opens the timer, message or signal subscription of `event` on behalf of `owner`. */
  openFor(owner: ElementInstance, event: FlowElement) {
    const definition = event.eventDefinition;
    if (definition.kind === 'timer') this.rt.timers.schedule(owner, event);
    else if (definition.kind === 'message') this.rt.messages.subscribe(owner, event);
    else if (definition.kind === 'signal') this.rt.signals.subscribe(owner, event);
  }

  private open(event: FlowElement, owner: ElementInstance) {
    this.openFor(owner, event);
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
      this.rt.timers.close(owner);
      this.rt.messages.closeSubscriptions(owner);
      this.rt.signals.closeSubscriptions(owner);
      lifecycle.terminateChildren(owner, () => lifecycle.activateChild(owner, sub, payload));
    } else {
      lifecycle.activateChild(owner, sub, payload);
    }
    return true;
  }
}
