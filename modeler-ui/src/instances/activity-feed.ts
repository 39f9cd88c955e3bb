/**
 * The instance view's live activity feed: the stage events (issue 24) of the instance's subject — the value of
 * the model's first business key (orderId for an order, customerId for an onboarding) — as they happen, oldest
 * first. Read from the app's own Server-Sent Events stream (GET /api/events/stream?subject=…), never from
 * Camunda's /v2, so it shows the same against a real cluster. EventSource resumes after the last event it saw
 * (Last-Event-ID) when the connection drops, so an event is neither lost nor shown twice.
 */
import { STAGE_EVENT_TYPES } from '../../../src/events/stage-event-types';
import type { Variable } from '../api/camunda-types';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime } from '../ui/format';

export interface StageEventMessage {
  type: string;
  subject?: string;
  time?: string;
}

/** The subject whose events the instance's feed shows: its first business key's value, if it is a string. */
export function feedSubject(
  // ProcessFacts' part it reads (process-facts.ts loads the API client, which tests outside a browser cannot)
  facts: { businessKeys: string[] } | undefined,
  variables: Variable[],
): string | undefined {
  const name = facts?.businessKeys[0];
  const variable = name ? variables.find((v) => v.name === name) : undefined;
  if (!variable) return undefined;
  try {
    const value: unknown = JSON.parse(variable.value);
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** "order.payment.charged" → "Order payment charged" */
export function describeEventType(type: string): string {
  const words = type.split(/[.-]/).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function activityFeed() {
  const list = h('ol', { class: 'activity-feed-list', 'data-testid': 'activity-feed-list' });
  const empty = h('p', { class: 'muted', 'data-testid': 'activity-feed-empty' }, 'No events yet.');
  const element = h(
    'section',
    { class: 'activity-feed', 'data-testid': 'activity-feed', hidden: true },
    h('h2', {}, 'Activity'),
    empty,
    list,
  );
  let source: EventSource | undefined;
  let subject: string | undefined;

  const add = (message: MessageEvent<string>) => {
    let event: StageEventMessage;
    try {
      event = JSON.parse(message.data) as StageEventMessage;
    } catch {
      return; // not an event: nothing to show
    }
    empty.hidden = true;
    list.append(
      h(
        'li',
        { 'data-testid': 'feed-event', 'data-type': event.type, 'data-seq': message.lastEventId },
        h('span', { class: 'feed-type' }, describeEventType(event.type)),
        event.time ? h('time', { class: 'muted', datetime: event.time }, ` ${formatDateTime(event.time)}`) : null,
      ),
    );
  };

  const stop = () => {
    source?.close();
    source = undefined;
    subject = undefined;
  };

  return {
    element,
    /** follows the events of this subject (nothing to follow: hidden); the same subject again keeps the stream */
    follow(next: string | undefined) {
      if (next === subject) return;
      stop();
      replaceChildren(list);
      empty.hidden = false;
      element.hidden = next === undefined;
      if (next === undefined) return;
      subject = next;
      source = new EventSource(`/api/events/stream?subject=${encodeURIComponent(next)}`);
      // each message's SSE event name is its type, and EventSource has no listener for every name
      for (const type of STAGE_EVENT_TYPES) source.addEventListener(type, add);
    },
    stop,
  };
}
