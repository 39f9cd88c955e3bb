/**
 * Where a model waits for a timer, read from its BPMN XML: timer intermediate catch events and timer
 * boundary events, each with its timer's kind and value. Camunda 8.8's REST API lists no timers, so
 * clock.skipToNextTimer() works out when each one falls due from these and the element instances'
 * start times (time-skipping.ts); that works the same on the embedded engine and on a real cluster.
 */
import type { TimerKind } from '../engine/time/first-due-date';

export interface TimerCatcher {
  elementId: string;
  /** intermediateCatchEvent or boundaryEvent */
  kind: string;
  /** a boundary event's activity: the timer starts when that activity does */
  attachedToRef?: string;
  /** a catch event after an event-based gateway: the timer starts when the gateway is entered */
  afterGateway?: string;
  timer: TimerKind;
  /** the ISO 8601 value, or a FEEL expression (starting with '=') the toolkit cannot evaluate */
  value: string;
}

const TAG = /<(\/?)(?:[\w-]+:)?([\w-]+)\b([^>]*?)(\/?)>([^<]*)/g;
const ATTR = /([\w:.-]+)\s*=\s*"([^"]*)"/g;
const CATCHERS = new Set(['intermediateCatchEvent', 'boundaryEvent']);
const TIMER_KINDS = new Set<string>(['timeDuration', 'timeDate', 'timeCycle']);

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(ATTR)].map((m) => [m[1], m[2]]));
}

/** `="PT1H"` is a literal in FEEL: unwrap it; other expressions stay as they are */
function literal(value: string): string {
  const quoted = /^=\s*"([^"]*)"\s*$/.exec(value);
  return quoted ? quoted[1] : value;
}

export function timerCatchers(xml: string): TimerCatcher[] {
  const found: TimerCatcher[] = [];
  const gateways = new Set<string>();
  const flows: { sourceRef: string; targetRef: string }[] = [];
  let open: { elementId: string; kind: string; attachedToRef?: string } | undefined;
  for (const [, closing, tag, attrText, selfClosing, text] of xml.matchAll(TAG)) {
    if (closing) {
      if (CATCHERS.has(tag)) open = undefined;
      continue;
    }
    const attrs = attributes(attrText);
    if (tag === 'eventBasedGateway' && attrs.id) gateways.add(attrs.id);
    if (tag === 'sequenceFlow' && attrs.sourceRef && attrs.targetRef) {
      flows.push({ sourceRef: attrs.sourceRef, targetRef: attrs.targetRef });
    }
    if (CATCHERS.has(tag) && attrs.id) {
      open = selfClosing ? undefined : { elementId: attrs.id, kind: tag, attachedToRef: attrs.attachedToRef };
    } else if (open && TIMER_KINDS.has(tag) && !selfClosing) {
      found.push({ ...open, timer: tag as TimerKind, value: literal(decodeEntities(text.trim())) });
    }
  }
  for (const catcher of found) {
    const gateway = flows.find((f) => f.targetRef === catcher.elementId && gateways.has(f.sourceRef));
    if (gateway) catcher.afterGateway = gateway.sourceRef;
  }
  return found;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
