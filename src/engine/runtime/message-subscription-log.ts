/**
 * What Camunda's secondary storage keeps of process message subscriptions, for the REST searches
 * `/message-subscriptions/search` and `/correlated-message-subscriptions/search`: each subscription with its
 * latest state (CREATED, CORRELATED, DELETED; the last event wins, as the exporter writes it) and each
 * correlation of a message to a subscription or a message start event. Bounded like other history: at most MAX_ENDED_SUBSCRIPTIONS
 * deleted subscriptions and MAX_CORRELATIONS correlations are kept, oldest forgotten first; open ones always.
 *
 * A subscription's key comes from the subscription counter messages.ts keeps, in a key range of its own
 * (SUBSCRIPTION_KEYS): drawing it from the engine's key generator would shift every later key and old
 * journals would no longer replay.
 */
import type { ElementInstance, ProcessInstance } from './element-instance';
import type { Runtime } from './runtime';

export const MAX_ENDED_SUBSCRIPTIONS = 10_000;
export const MAX_CORRELATIONS = 10_000;
/** keys 2^52 + subscription id: Zeebe's key layout with the partition bits of partition 2 (never used here) */
const SUBSCRIPTION_KEYS = 2 ** 52;

export type SubscriptionLogState = 'CREATED' | 'CORRELATED' | 'DELETED';

export interface SubscriptionEntry {
  messageSubscriptionKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  messageSubscriptionState: SubscriptionLogState;
  /** epoch ms on the engine clock */
  lastUpdatedDate: number;
  messageName: string;
  correlationKey: string;
  tenantId: string;
}

export interface CorrelationEntry {
  subscriptionKey: string;
  messageKey: string;
  messageName: string;
  correlationKey: string;
  /** epoch ms on the engine clock */
  correlationTime: number;
  elementId: string;
  /** absent for a message start event: no element instance waited for the message */
  elementInstanceKey?: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  tenantId: string;
}

export interface SubscriptionLogSnapshot {
  subscriptions: SubscriptionEntry[];
  correlations: CorrelationEntry[];
}

/**
 * The subscription as the log needs it (messages.ts's Subscription is one). An open subscription's latest
 * state lives on it (logState, logUpdated), so that a waiting instance costs the log no entry of its own.
 */
export interface LoggedSubscription {
  id: number;
  name: string;
  correlationKey: string;
  owner: ElementInstance;
  event: { id: string };
  logState: 'CREATED' | 'CORRELATED';
  /** epoch ms on the engine clock of logState; undefined: the owner's startDate (opened as the owner activated) */
  logUpdated: number | undefined;
}

/** what logUpdated holds for `at` (see there: most subscriptions open as their owner activates) */
export const loggedTime = (owner: ElementInstance, at: number) => (at === owner.startDate ? undefined : at);
const updatedAt = (sub: LoggedSubscription) => sub.logUpdated ?? sub.owner.startDate;

export const subscriptionKey = (id: number) => String(SUBSCRIPTION_KEYS + id);

function entryOf(sub: LoggedSubscription, state: SubscriptionLogState, updated: number): SubscriptionEntry {
  const owner = sub.owner;
  return {
    messageSubscriptionKey: subscriptionKey(sub.id),
    processDefinitionId: owner.definition.bpmnProcessId,
    processDefinitionKey: owner.definition.key,
    processInstanceKey: owner.processInstanceKey,
    elementId: sub.event.id,
    elementInstanceKey: owner.key,
    messageSubscriptionState: state,
    lastUpdatedDate: updated,
    messageName: sub.name,
    correlationKey: sub.correlationKey,
    tenantId: owner.definition.tenantId,
  };
}

export class MessageSubscriptionLog {
  /** deleted subscriptions by key, oldest first (open ones are read from the live subscriptions) */
  private readonly ended = new Map<string, SubscriptionEntry>();
  private correlations: CorrelationEntry[] = [];

  constructor(
    private readonly rt: Runtime,
    /** the open subscriptions (messages.ts) */
    private readonly open: () => Iterable<LoggedSubscription>,
  ) {}

  correlated(sub: LoggedSubscription, messageKey: string) {
    if (this.ended.has(subscriptionKey(sub.id))) return;
    const now = this.rt.clock.now();
    sub.logState = 'CORRELATED';
    sub.logUpdated = loggedTime(sub.owner, now);
    const {
      messageSubscriptionState: _state,
      lastUpdatedDate: _date,
      messageSubscriptionKey,
      ...rest
    } = entryOf(sub, 'CORRELATED', now);
    this.pushCorrelation({ ...rest, subscriptionKey: messageSubscriptionKey, messageKey, correlationTime: now });
  }

  private pushCorrelation(correlation: CorrelationEntry) {
    this.correlations.push(correlation);
    // (cut in steps rather than at every push)
    if (this.correlations.length > MAX_CORRELATIONS * 1.1)
      this.correlations = this.correlations.slice(-MAX_CORRELATIONS);
  }

  /**
   * A message started an instance at a message start event. Zeebe keys a start event's subscription at deploy;
   * here its key is the process definition's.
   */
  startCorrelated(
    instance: ProcessInstance,
    event: { id: string },
    message: { key: string; name: string; correlationKey: string },
  ) {
    const definition = instance.definition;
    this.pushCorrelation({
      subscriptionKey: definition.key,
      messageKey: message.key,
      messageName: message.name,
      correlationKey: message.correlationKey,
      correlationTime: this.rt.clock.now(),
      elementId: event.id,
      processDefinitionId: definition.bpmnProcessId,
      processDefinitionKey: definition.key,
      processInstanceKey: instance.key,
      tenantId: definition.tenantId,
    });
  }

  deleted(sub: LoggedSubscription) {
    const key = subscriptionKey(sub.id);
    if (this.ended.has(key)) return;
    this.ended.set(key, entryOf(sub, 'DELETED', this.rt.clock.now()));
    this.forgetOldestEnded();
  }

  /** open subscriptions first, then the deleted ones still kept */
  *subscriptionViews(): Iterable<SubscriptionEntry> {
    for (const sub of this.open()) yield entryOf(sub, sub.logState, updatedAt(sub));
    yield* this.ended.values();
  }

  correlationViews(): readonly CorrelationEntry[] {
    return this.correlations.slice(-MAX_CORRELATIONS);
  }

  snapshot(): SubscriptionLogSnapshot {
    return structuredClone({ subscriptions: [...this.subscriptionViews()], correlations: this.correlations });
  }

  /**
   * Restores the log and the open subscriptions' logged state; a snapshot without a log (older) leaves those
   * CREATED at the time of the restore.
   */
  restore(state: SubscriptionLogSnapshot | undefined, open: LoggedSubscription[]) {
    this.ended.clear();
    this.correlations = [];
    const now = this.rt.clock.now();
    const byKey = new Map<string, LoggedSubscription>();
    for (const sub of open) {
      sub.logState = 'CREATED';
      sub.logUpdated = loggedTime(sub.owner, now);
      byKey.set(subscriptionKey(sub.id), sub);
    }
    if (!state) return;
    const copy = structuredClone(state);
    for (const entry of copy.subscriptions) {
      const state = entry.messageSubscriptionState;
      if (state === 'DELETED') {
        this.ended.set(entry.messageSubscriptionKey, entry);
        continue;
      }
      const sub = byKey.get(entry.messageSubscriptionKey);
      if (!sub) continue;
      sub.logState = state;
      sub.logUpdated = loggedTime(sub.owner, entry.lastUpdatedDate);
    }
    this.forgetOldestEnded();
    this.correlations = copy.correlations;
  }

  private forgetOldestEnded() {
    for (const key of this.ended.keys()) {
      if (this.ended.size <= MAX_ENDED_SUBSCRIPTIONS) return;
      this.ended.delete(key);
    }
  }
}
