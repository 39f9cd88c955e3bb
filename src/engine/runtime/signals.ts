/**
 * Signals: a broadcast reaches every open signal subscription with its name (intermediate catch events,
 * boundary events, event sub-process starts, event-based gateway branches) and starts an instance of
 * every process whose latest version has a signal start event with that name. Nothing is buffered.
 */
import type { ProcessDefinition } from '../deployments';
import { invalidArgument } from '../errors';
import type { FlowElement } from '../model/process-model';
import type { SignalsState } from '../state/snapshot-state';
import { elementRef, type RestoredRefs, restoreStartEvents, startEventsState } from '../state/state-refs';
import type { ElementInstance } from './element-instance';
import { IncidentError } from './incidents';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';
import { replaceStartEvents } from './start-events';

export interface Subscription {
  name: string;
  owner: ElementInstance;
  event: FlowElement;
  open: boolean;
}

export class SignalService {
  // the signal state a snapshot holds (snapshot/restore)
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly startEvents = new Map<string, { definition: ProcessDefinition; event: FlowElement }[]>();
  private readonly owned = new WeakMap<ElementInstance, Subscription[]>();

  constructor(private readonly rt: Runtime) {}

  /** Replaces the signal start events of a process with those of `definition` (undefined: none). */
  registerStartEvents(bpmnProcessId: string, definition: ProcessDefinition | undefined) {
    const events = definition?.model.signalStartEvents ?? [];
    replaceStartEvents(this.startEvents, bpmnProcessId, definition, events, (event) => this.nameOf(event, undefined));
  }

  subscribe(owner: ElementInstance, event: FlowElement) {
    const name = this.nameOf(event, owner);
    const sub: Subscription = { name, owner, event, open: true };
    const list = this.subscriptions.get(name) ?? [];
    list.push(sub);
    this.subscriptions.set(name, list);
    const mine = this.owned.get(owner) ?? [];
    mine.push(sub);
    this.owned.set(owner, mine);
  }

  /** The subscriptions `owner` holds (a migration moves them to its new elements, migration.ts). */
  subscriptionsOf(owner: ElementInstance): readonly Subscription[] {
    return this.owned.get(owner) ?? [];
  }

  /** Closes the subscriptions `owner` holds (those `which` picks: a migration closes some, migration.ts). */
  closeSubscriptions(owner: ElementInstance, which?: (sub: Subscription) => boolean) {
    const all = this.owned.get(owner);
    if (!all) return;
    const mine = which ? all.filter(which) : all;
    const rest = which ? all.filter((s) => !which(s)) : [];
    if (rest.length > 0) this.owned.set(owner, rest);
    else this.owned.delete(owner);
    for (const sub of mine) {
      sub.open = false;
      const rest = (this.subscriptions.get(sub.name) ?? []).filter((s) => s !== sub);
      if (rest.length === 0) this.subscriptions.delete(sub.name);
      else this.subscriptions.set(sub.name, rest);
    }
  }

  broadcast(name: string, variables: Record<string, unknown>): { key: string } {
    if (!name) throw invalidArgument("Expected to broadcast a signal with a non-empty 'signalName'");
    const key = this.rt.keys.nextKey();
    for (const sub of [...(this.subscriptions.get(name) ?? [])]) {
      if (!sub.open) continue;
      const staysOpen =
        sub.event !== sub.owner.element && !sub.event.interrupting && sub.owner.element.kind !== 'eventBasedGateway';
      if (this.rt.triggers.trigger(sub.event, sub.owner, { ...variables }) && !staysOpen)
        this.closeSubscriptions(sub.owner);
    }
    for (const { definition, event } of this.startEvents.get(name) ?? []) {
      this.rt.lifecycle.createProcessInstance(definition, {}, event, { ...variables });
    }
    return { key };
  }

  snapshot(): SignalsState {
    return {
      subscriptions: [...this.subscriptions].map(([name, subs]) => [
        name,
        subs.map((s) => ({ owner: s.owner.key, event: elementRef(s.owner.definition, s.event), open: s.open })),
      ]),
      startEvents: startEventsState(this.startEvents),
    };
  }

  restore(state: SignalsState, refs: RestoredRefs) {
    for (const [name, subs] of state.subscriptions) {
      const list = subs.map((sub): Subscription => {
        const owner = refs.instance(sub.owner);
        return { name, owner, event: refs.element(owner.definition, sub.event), open: sub.open };
      });
      this.subscriptions.set(name, list);
      for (const sub of list) this.owned.set(sub.owner, [...(this.owned.get(sub.owner) ?? []), sub]);
    }
    restoreStartEvents(this.startEvents, state.startEvents, refs);
  }

  private nameOf(event: FlowElement, owner: ElementInstance | undefined): string {
    const definition = event.eventDefinition;
    if (definition.kind !== 'signal') return '';
    const name = definition.signalName.evaluate(
      (n) => (owner ? this.rt.variables.lookup(owner, n) : undefined),
      feelContext(this.rt, owner),
    );
    if (typeof name !== 'string' || name === '') {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Expected the signal name of '${event.id}' to be a non-empty string, but was '${String(name)}'`,
      );
    }
    return name;
  }
}
