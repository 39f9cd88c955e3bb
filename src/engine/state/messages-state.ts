/**
 * Message subscriptions and buffered messages as a snapshot holds them (runtime/messages.ts writes and reads
 * them through these): owners by element instance key, events by ElementRef, messages by key.
 */
import type { Message, Subscription } from '../runtime/messages';
import type { BufferedMessageState, SubscriptionState } from './snapshot-state';
import { elementRef, type RestoredRefs } from './state-refs';

export function subscriptionState(s: Subscription): SubscriptionState {
  return {
    id: s.id,
    name: s.name,
    correlationKey: s.correlationKey,
    owner: s.owner.key,
    event: elementRef(s.owner.definition, s.event),
    open: s.open,
  };
}

export function restoredSubscription(sub: SubscriptionState, refs: RestoredRefs): Subscription {
  const owner = refs.instance(sub.owner);
  return {
    id: sub.id,
    name: sub.name,
    correlationKey: sub.correlationKey,
    owner,
    event: refs.element(owner.definition, sub.event),
    open: sub.open,
    // (the log's restore sets these from its snapshot)
    logState: 'CREATED',
    logUpdated: undefined,
  };
}

export function bufferedMessageState(m: Message): BufferedMessageState {
  return {
    key: m.key,
    name: m.name,
    correlationKey: m.correlationKey,
    variables: m.variables,
    deadline: m.deadline,
    messageId: m.messageId,
    instances: [...m.instances],
    processes: [...m.processes],
  };
}

export function restoredMessage(b: BufferedMessageState): Message {
  return {
    key: b.key,
    name: b.name,
    correlationKey: b.correlationKey,
    variables: b.variables,
    deadline: b.deadline,
    messageId: b.messageId,
    instances: new Set(b.instances),
    processes: new Set(b.processes),
  };
}
