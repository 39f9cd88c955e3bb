/**
 * Message correlation as Zeebe does it: a published message correlates to open subscriptions with its name
 * and correlation key and to message start events — at most once per process (bpmnProcessId, across its
 * versions), so of two waiting instances of one process only the first gets it; it then stays buffered for
 * its time-to-live, so subscriptions opened later still get it. A message id is unique per name and
 * correlation key while its message is buffered.
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import type { PublishMessageCommand } from '../engine-api';
import { EngineError, invalidArgument, notFound } from '../errors';
import { expressionText, resultTypeOf } from '../feel';
import type { FlowElement } from '../model/process-model';
import {
  bufferedMessageState,
  restoredMessage,
  restoredSubscription,
  subscriptionState,
} from '../state/messages-state';
import type { MessagesState } from '../state/snapshot-state';
import { type RestoredRefs, required, restoreStartEvents, startEventsState } from '../state/state-refs';
import { appended, type ElementInstance, type ProcessInstance } from './element-instance';
import { IncidentError } from './incidents';
import { feelContext } from './mappings';
import { loggedTime, MessageSubscriptionLog } from './message-subscription-log';
import type { Runtime } from './runtime';
import { replaceStartEvents } from './start-events';

export interface Subscription {
  id: number;
  name: string;
  correlationKey: string;
  owner: ElementInstance;
  event: FlowElement;
  open: boolean;
  /** the subscription's latest state for the REST search (message-subscription-log.ts) */
  logState: 'CREATED' | 'CORRELATED';
  logUpdated: number | undefined;
}

export interface Message {
  key: string;
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
  deadline: number;
  messageId?: string;
  /** process instances it correlated to */
  instances: Set<string>;
  /** bpmnProcessIds it correlated to or started: once each, as in Zeebe's message state */
  processes: Set<string>;
  expiry?: DueEntry;
}

export interface StartEvent {
  definition: ProcessDefinition;
  event: FlowElement;
}

const slot = (name: string, correlationKey: string) => `${name}\u0000${correlationKey}`;
/** Zeebe's uniqueness of a message id: per name and correlation key (MessageState.exist). */
const idSlot = (name: string, correlationKey: string, messageId: string) =>
  `${slot(name, correlationKey)}\u0000${messageId}`;

export class MessageService {
  // the fields below are the message state a snapshot holds (snapshot/restore)
  private nextSubscriptionId = 1;
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly buffered = new Map<string, Message[]>();
  private readonly byMessageId = new Map<string, Message>();
  private readonly startEvents = new Map<string, StartEvent[]>();
  /** correlation keys of running instances that a message start event created, per bpmnProcessId */
  private readonly activeStartKeys = new Map<string, Set<string>>();
  /** every subscription's latest state and every correlation, for the REST searches */
  readonly log: MessageSubscriptionLog;

  constructor(private readonly rt: Runtime) {
    this.log = new MessageSubscriptionLog(rt, () => this.openSubscriptions());
  }

  /** Replaces the message start events of a process with those of `definition` (undefined: none). */
  registerStartEvents(bpmnProcessId: string, definition: ProcessDefinition | undefined) {
    const events = definition?.model.messageStartEvents ?? [];
    replaceStartEvents(this.startEvents, bpmnProcessId, definition, events, (event) =>
      event.eventDefinition.kind === 'message'
        ? String(event.eventDefinition.messageName.evaluate(() => undefined, feelContext(this.rt)))
        : undefined,
    );
  }

  publish(cmd: PublishMessageCommand): { key: string } {
    if (!cmd.name) throw invalidArgument("Expected to publish a message with a non-empty 'name'");
    if (cmd.timeToLive < 0) throw invalidArgument(`Expected 'timeToLive' to be >= 0, but was ${cmd.timeToLive}`);
    const now = this.rt.clock.now();
    if (cmd.messageId) {
      const existing = this.byMessageId.get(idSlot(cmd.name, cmd.correlationKey ?? '', cmd.messageId));
      if (existing && existing.deadline > now) {
        throw new EngineError(
          'ALREADY_EXISTS',
          `Expected to publish a new message with id '${cmd.messageId}', but a message with that id was already published`,
        );
      }
    }
    const message: Message = {
      key: this.rt.keys.nextKey(),
      name: cmd.name,
      correlationKey: cmd.correlationKey ?? '',
      variables: cmd.variables ?? {},
      deadline: now + cmd.timeToLive,
      messageId: cmd.messageId || undefined,
      instances: new Set(),
      processes: new Set(),
    };
    this.correlateToSubscriptions(message);
    this.correlateToStartEvents(message);
    if (cmd.timeToLive > 0) this.buffer(message);
    return { key: message.key };
  }

  /** CorrelateMessage (REST): correlates now to one subscription or start event, never buffers. */
  correlate(
    name: string,
    correlationKey: string,
    variables: Record<string, unknown>,
  ): { key: string; processInstanceKey: string } {
    const message: Message = {
      key: this.rt.keys.nextKey(),
      name,
      correlationKey,
      variables,
      deadline: this.rt.clock.now(),
      instances: new Set(),
      processes: new Set(),
    };
    const started: string[] = [];
    this.correlateToSubscriptions(message, true);
    if (message.instances.size === 0) this.correlateToStartEvents(message, started, true);
    const processInstanceKey = [...message.instances][0] ?? started[0];
    if (!processInstanceKey) {
      throw notFound(
        `Expected to find subscription for message with name '${name}' and correlation key '${correlationKey}', but none was found`,
      );
    }
    return { key: message.key, processInstanceKey };
  }

  /** Opens the subscription of a message catch event for `owner` and checks buffered messages (queued). */
  subscribe(owner: ElementInstance, event: FlowElement) {
    const definition = event.eventDefinition;
    if (definition.kind !== 'message' || !definition.correlationKey) return;
    const lookup = (n: string) => this.rt.variables.lookup(owner, n);
    const name = String(definition.messageName.evaluate(lookup, feelContext(this.rt, owner)));
    const key = definition.correlationKey.evaluate(lookup, feelContext(this.rt, owner));
    if (typeof key !== 'string' && typeof key !== 'number') {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Failed to extract the correlation key for '${expressionText(definition.correlationKey)}': The value must be either a string or a number, but was '${resultTypeOf(key)}'.`,
      );
    }
    const sub: Subscription = {
      id: this.nextSubscriptionId++,
      name,
      // a number as Zeebe writes it: its integer part (Long.toString(number.longValue()))
      correlationKey: typeof key === 'number' ? String(Math.trunc(key)) : key,
      owner,
      event,
      open: true,
      logState: 'CREATED',
      logUpdated: loggedTime(owner, this.rt.clock.now()),
    };
    const k = slot(name, sub.correlationKey);
    this.subscriptions.set(k, appended(this.subscriptions.get(k), sub));
    owner.messageSubscriptions = appended(owner.messageSubscriptions, sub);
    this.rt.enqueue(() => this.correlateBuffered(sub));
  }

  /** Closes the subscriptions `owner` holds (those `which` picks: a migration closes some, migration.ts). */
  closeSubscriptions(owner: ElementInstance, which?: (sub: Subscription) => boolean) {
    const all = owner.messageSubscriptions as Subscription[] | undefined;
    if (!all) return;
    const subs = which ? all.filter(which) : all;
    const rest = which ? all.filter((s) => !which(s)) : [];
    owner.messageSubscriptions = rest.length > 0 ? rest : undefined;
    for (const sub of subs) {
      sub.open = false;
      this.log.deleted(sub);
      const k = slot(sub.name, sub.correlationKey);
      const rest = (this.subscriptions.get(k) ?? []).filter((s) => s !== sub);
      if (rest.length === 0) this.subscriptions.delete(k);
      else this.subscriptions.set(k, rest);
    }
  }

  /** An instance started by a message releases its correlation key; a buffered message may start the next. */
  releaseStartCorrelation(instance: ProcessInstance) {
    const key = instance.messageCorrelationKey;
    if (key === undefined) return;
    this.activeStartKeys.get(instance.definition.bpmnProcessId)?.delete(key);
    for (const list of this.buffered.values()) {
      for (const message of list) {
        if (message.correlationKey === key && message.deadline > this.rt.clock.now())
          this.correlateToStartEvents(message);
      }
    }
  }

  private correlateToSubscriptions(message: Message, onlyOne = false) {
    const list = this.subscriptions.get(slot(message.name, message.correlationKey));
    if (!list) return;
    for (const sub of [...list]) {
      if (onlyOne && message.instances.size > 0) break;
      if (!sub.open || message.processes.has(sub.owner.definition.bpmnProcessId)) continue;
      if (this.deliver(sub, message)) this.markCorrelated(message, sub);
    }
  }

  private correlateBuffered(sub: Subscription) {
    const list = this.buffered.get(slot(sub.name, sub.correlationKey));
    if (!list || !sub.open) return;
    const now = this.rt.clock.now();
    for (const message of list) {
      if (message.deadline <= now || message.processes.has(sub.owner.definition.bpmnProcessId)) continue;
      if (this.deliver(sub, message)) {
        this.markCorrelated(message, sub);
        if (!sub.open) return;
      }
    }
  }

  private markCorrelated(message: Message, sub: Subscription) {
    message.instances.add(sub.owner.processInstanceKey);
    message.processes.add(sub.owner.definition.bpmnProcessId);
  }

  /** Triggers the subscription's event; a subscription that does not stay open is closed. */
  private deliver(sub: Subscription, message: Message): boolean {
    const staysOpen = sub.event !== sub.owner.element && !sub.event.interrupting;
    // (logged first: triggering may end the owner, which deletes the subscription; a trigger refuses only
    // an owner that is not ACTIVATED)
    if (sub.owner.state === 'ACTIVATED') this.log.correlated(sub, message.key);
    if (!this.rt.triggers.trigger(sub.event, sub.owner, { ...message.variables })) return false;
    if (!staysOpen) this.closeSubscriptions(sub.owner);
    return true;
  }

  private correlateToStartEvents(message: Message, started: string[] = [], onlyOne = false) {
    for (const { definition, event } of this.startEvents.get(message.name) ?? []) {
      if (onlyOne && started.length > 0) return;
      const id = definition.bpmnProcessId;
      if (message.processes.has(id)) continue;
      const active = this.activeStartKeys.get(id) ?? new Set<string>();
      if (message.correlationKey !== '' && active.has(message.correlationKey)) continue;
      message.processes.add(id);
      const instance = this.rt.lifecycle.createProcessInstance(definition, {}, event, { ...message.variables });
      this.log.startCorrelated(instance, event, message);
      if (message.correlationKey !== '') {
        instance.messageCorrelationKey = message.correlationKey;
        active.add(message.correlationKey);
        this.activeStartKeys.set(id, active);
      }
      started.push(instance.key);
    }
  }

  private buffer(message: Message) {
    const k = slot(message.name, message.correlationKey);
    const list = this.buffered.get(k) ?? [];
    list.push(message);
    this.buffered.set(k, list);
    if (message.messageId)
      this.byMessageId.set(idSlot(message.name, message.correlationKey, message.messageId), message);
    this.scheduleExpiry(message);
  }

  /** (also how a restore re-arms a buffered message's time-to-live, state/due-state.ts) */
  scheduleExpiry(message: Message) {
    message.expiry = this.rt.due.schedule(message.deadline, { what: 'messageTtl', message });
  }

  /** The message's time-to-live ran out (due-tasks.ts). */
  expire(message: Message) {
    const k = slot(message.name, message.correlationKey);
    const rest = (this.buffered.get(k) ?? []).filter((m) => m !== message);
    if (rest.length === 0) this.buffered.delete(k);
    else this.buffered.set(k, rest);
    if (
      message.messageId &&
      this.byMessageId.get(idSlot(message.name, message.correlationKey, message.messageId)) === message
    ) {
      this.byMessageId.delete(idSlot(message.name, message.correlationKey, message.messageId));
    }
  }

  snapshot(): MessagesState {
    return {
      nextSubscriptionId: this.nextSubscriptionId,
      subscriptions: [...this.subscriptions].map(([slot, subs]) => [slot, subs.map(subscriptionState)]),
      buffered: [...this.buffered].map(([slot, list]) => [slot, list.map(bufferedMessageState)]),
      byMessageId: [...this.byMessageId].map(([slot, m]) => [slot, m.key]),
      startEvents: startEventsState(this.startEvents),
      activeStartKeys: [...this.activeStartKeys].map(([id, keys]) => [id, [...keys]]),
      log: this.log.snapshot(),
    };
  }

  /** Restores what `snapshot` wrote; returns the buffered messages by key (their TTLs come with the due queue). */
  restore(m: MessagesState, refs: RestoredRefs): Map<string, Message> {
    this.nextSubscriptionId = m.nextSubscriptionId;
    const owned: Subscription[] = [];
    for (const [slot, subs] of m.subscriptions) {
      const list = subs.map((sub) => restoredSubscription(sub, refs));
      this.subscriptions.set(slot, list);
      owned.push(...list);
    }
    for (const sub of owned.sort((a, b) => a.id - b.id))
      sub.owner.messageSubscriptions = appended(sub.owner.messageSubscriptions, sub);
    this.log.restore(m.log, owned);
    const byKey = new Map<string, Message>();
    for (const [slot, list] of m.buffered) {
      const messages = list.map(restoredMessage);
      for (const message of messages) byKey.set(message.key, message);
      this.buffered.set(slot, messages);
    }
    for (const [slot, key] of m.byMessageId)
      this.byMessageId.set(slot, required(byKey.get(key), 'buffered message', key));
    restoreStartEvents(this.startEvents, m.startEvents, refs);
    for (const [id, keys] of m.activeStartKeys) this.activeStartKeys.set(id, new Set(keys));
    return byKey;
  }

  private *openSubscriptions(): Iterable<Subscription> {
    for (const list of this.subscriptions.values()) for (const sub of list) if (sub.open) yield sub;
  }

  bufferedCount(): number {
    let n = 0;
    for (const list of this.buffered.values()) n += list.length;
    return n;
  }
}
