/**
 * What the instances screens read from a process model besides the diagram: the variables it marks as
 * business keys and how each of its end events ends an instance. Both are zeebe:property entries in the
 * model's extension elements, which Camunda keeps and ignores (docs/instances-ui.md):
 * - on the process: `businessKeys` = comma-separated variable names ("orderId, customerId"),
 * - on an end event: `outcome` = completed | rejected | cancelled.
 * An end event without `outcome` is judged by its id and name ("Order rejected" → rejected). Models are read
 * once per definition key (REST v2 GET /v2/process-definitions/{key}/xml).
 */
import { getProcessDefinitionXml } from '../api/client';
import type { EndOutcome } from './instance-outcome';

export interface ProcessFacts {
  businessKeys: string[];
  /** end event id → the outcome an instance ending there has */
  endOutcomes: Map<string, EndOutcome>;
}

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const ZEEBE = 'http://camunda.org/schema/zeebe/1.0';
const OUTCOMES = new Set<EndOutcome>(['completed', 'rejected', 'cancelled']);

const cache = new Map<string, Promise<ProcessFacts>>();

export function factsOf(processDefinitionKey: string): Promise<ProcessFacts> {
  let facts = cache.get(processDefinitionKey);
  if (!facts) {
    facts = getProcessDefinitionXml(processDefinitionKey).then(parseProcessFacts);
    facts.catch(() => cache.delete(processDefinitionKey));
    cache.set(processDefinitionKey, facts);
  }
  return facts;
}

/** The facts of a model already read (the instance view reads it for its diagram), kept for the next look. */
export function factsFromXml(processDefinitionKey: string, xml: string): ProcessFacts {
  const facts = parseProcessFacts(xml);
  cache.set(processDefinitionKey, Promise.resolve(facts));
  return facts;
}

/** zeebe:property values directly under an element's extensionElements */
function propertiesOf(element: Element): Map<string, string> {
  const found = new Map<string, string>();
  for (const extensions of Array.from(element.children).filter((c) => c.localName === 'extensionElements')) {
    for (const property of Array.from(extensions.getElementsByTagNameNS(ZEEBE, 'property'))) {
      const name = property.getAttribute('name');
      if (name) found.set(name, property.getAttribute('value') ?? '');
    }
  }
  return found;
}

/** By the words people use for it: "Order rejected", "payment-declined", "Onboarding cancelled". */
export function outcomeByName(text: string): EndOutcome {
  if (/cancel/i.test(text)) return 'cancelled';
  if (/reject|declin|fail/i.test(text)) return 'rejected';
  return 'completed';
}

export function parseProcessFacts(xml: string): ProcessFacts {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const process = doc.getElementsByTagNameNS(BPMN, 'process')[0];
  const businessKeys = (process ? (propertiesOf(process).get('businessKeys') ?? '') : '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const endOutcomes = new Map<string, EndOutcome>();
  for (const end of Array.from(doc.getElementsByTagNameNS(BPMN, 'endEvent'))) {
    const id = end.getAttribute('id');
    if (!id) continue;
    const stated = propertiesOf(end).get('outcome') as EndOutcome | undefined;
    endOutcomes.set(
      id,
      stated && OUTCOMES.has(stated) ? stated : outcomeByName(`${id} ${end.getAttribute('name') ?? ''}`),
    );
  }
  return { businessKeys, endOutcomes };
}
