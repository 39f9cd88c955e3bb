/**
 * Where a model waits for a message, read from its BPMN XML: receive tasks, intermediate catch events,
 * boundary events and (event subprocess) start events, each with its message's name and correlation key
 * expression. Camunda 8.8's REST API has no message subscription search, so the message assertions
 * (toBeWaitingForMessage, toHaveCorrelatedMessage) look at these elements' instances instead.
 */
export interface MessageCatcher {
  elementId: string;
  /** receiveTask, intermediateCatchEvent, boundaryEvent or startEvent */
  kind: string;
  messageName: string;
  /** the zeebe:subscription correlationKey expression, e.g. "=customerId" */
  correlationKey?: string;
  /** a boundary event's activity */
  attachedToRef?: string;
}

const TAG = /<(\/?)(?:[\w-]+:)?([\w-]+)\b([^>]*?)(\/?)>/g;
const ATTR = /([\w:.-]+)\s*=\s*"([^"]*)"/g;
const CATCHERS = new Set(['receiveTask', 'intermediateCatchEvent', 'boundaryEvent', 'startEvent']);

function attributes(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(ATTR)].map((m) => [m[1], m[2]]));
}

export function messageCatchers(xml: string): MessageCatcher[] {
  const messages = new Map<string, { name: string; correlationKey?: string }>();
  const refs: { elementId: string; kind: string; messageRef: string; attachedToRef?: string }[] = [];
  let openCatcher: { elementId: string; kind: string; attachedToRef?: string } | undefined;
  let openMessage: string | undefined;
  for (const [, closing, tag, attrText, selfClosing] of xml.matchAll(TAG)) {
    const attrs = attributes(attrText);
    if (closing) {
      if (CATCHERS.has(tag)) openCatcher = undefined;
      if (tag === 'message') openMessage = undefined;
      continue;
    }
    if (tag === 'message' && attrs.id) {
      messages.set(attrs.id, { name: attrs.name ?? attrs.id });
      if (!selfClosing) openMessage = attrs.id;
    } else if (tag === 'subscription' && openMessage) {
      const message = messages.get(openMessage);
      if (message) message.correlationKey = attrs.correlationKey;
    } else if (CATCHERS.has(tag) && attrs.id) {
      const catcher = { elementId: attrs.id, kind: tag, attachedToRef: attrs.attachedToRef };
      if (tag === 'receiveTask' && attrs.messageRef) refs.push({ ...catcher, messageRef: attrs.messageRef });
      openCatcher = selfClosing ? undefined : catcher;
    } else if (tag === 'messageEventDefinition' && openCatcher && attrs.messageRef) {
      refs.push({ ...openCatcher, messageRef: attrs.messageRef });
    }
  }
  return refs.flatMap((r) => {
    const message = messages.get(r.messageRef);
    if (!message) return [];
    const { messageRef: _ref, ...where } = r;
    return [{ ...where, messageName: message.name, correlationKey: message.correlationKey }];
  });
}
