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

/** The subscription as the log needs it (messages.ts's Subscription is one). */
export interface LoggedSubscription {
  id: number;
  name: string;
  correlationKey: string;
  owner: ElementInstance;
  event: { id: string };
}

export const subscriptionKey = (id: number) => String(SUBSCRIPTION_KEYS + id);

export class MessageSubscriptionLog {
  /** by subscription key, in creation order */
  private readonly subscriptions = new Map<string, SubscriptionEntry>();
  private correlations: CorrelationEntry[] = [];
  private ended = 0;

  constructor(private readonly rt: Runtime) {}

  created(sub: LoggedSubscription) {
    const owner = sub.owner;
    this.subscriptions.set(subscriptionKey(sub.id), {
      messageSubscriptionKey: subscriptionKey(sub.id),
      processDefinitionId: owner.definition.bpmnProcessId,
      processDefinitionKey: owner.definition.key,
      processInstanceKey: owner.processInstanceKey,
      elementId: sub.event.id,
      elementInstanceKey: owner.key,
      messageSubscriptionState: 'CREATED',
      lastUpdatedDate: this.rt.clock.now(),
      messageName: sub.name,
      correlationKey: sub.correlationKey,
      tenantId: owner.definition.tenantId,
    });
  }

  correlated(sub: LoggedSubscription, messageKey: string) {
    const entry = this.subscriptions.get(subscriptionKey(sub.id));
    if (!entry) return;
    const now = this.rt.clock.now();
    entry.messageSubscriptionState = 'CORRELATED';
    entry.lastUpdatedDate = now;
    const { messageSubscriptionState: _state, lastUpdatedDate: _date, messageSubscriptionKey, ...rest } = entry;
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
    const entry = this.subscriptions.get(subscriptionKey(sub.id));
    if (!entry || entry.messageSubscriptionState === 'DELETED') return;
    entry.messageSubscriptionState = 'DELETED';
    entry.lastUpdatedDate = this.rt.clock.now();
    this.ended++;
    if (this.ended > MAX_ENDED_SUBSCRIPTIONS) this.forgetOldestEnded();
  }

  subscriptionViews(): Iterable<SubscriptionEntry> {
    return this.subscriptions.values();
  }

  correlationViews(): readonly CorrelationEntry[] {
    return this.correlations.slice(-MAX_CORRELATIONS);
  }

  snapshot(): SubscriptionLogSnapshot {
    return structuredClone({ subscriptions: [...this.subscriptions.values()], correlations: this.correlations });
  }

  /** Restores the log; a snapshot without one (older) gets CREATED entries for the subscriptions it holds open. */
  restore(state: SubscriptionLogSnapshot | undefined, open: LoggedSubscription[]) {
    this.subscriptions.clear();
    this.correlations = [];
    this.ended = 0;
    if (!state) {
      for (const sub of open) this.created(sub);
      return;
    }
    const copy = structuredClone(state);
    for (const entry of copy.subscriptions) {
      this.subscriptions.set(entry.messageSubscriptionKey, entry);
      if (entry.messageSubscriptionState === 'DELETED') this.ended++;
    }
    this.correlations = copy.correlations;
  }

  private forgetOldestEnded() {
    for (const [key, entry] of this.subscriptions) {
      if (this.ended <= MAX_ENDED_SUBSCRIPTIONS) return;
      if (entry.messageSubscriptionState !== 'DELETED') continue;
      this.subscriptions.delete(key);
      this.ended--;
    }
  }
}
