/**
 * Link events: an intermediate link throw event continues at the link catch event of the same name in the
 * same scope, as if a sequence flow joined them. Zeebe's model validation: a link needs a name, each throw a
 * catch of its name, and no two catch events of a scope share one.
 */
import type { ProblemSink } from './element-properties';
import type { EventDefinition, FlowElement } from './process-model';
import type { ModdleElement } from './read-bpmn';

export function linkDefinition(
  element: FlowElement,
  definition: ModdleElement,
  problems: ProblemSink,
): EventDefinition {
  const name: string = definition.name?.trim() ?? '';
  if (element.kind !== 'intermediateThrowEvent' && element.kind !== 'intermediateCatchEvent') {
    problems.add(element.id, "Event definition of type 'LinkEventDefinition' is not supported here");
  } else if (name === '') {
    problems.add(definition.id ?? element.id, 'Link name must be present and not empty.');
  }
  return { kind: 'link', linkName: name };
}

/** Joins each link throw event of a container to its catch event, reporting what Zeebe rejects. */
export function linkThrowsToCatches(container: FlowElement, problems: ProblemSink) {
  const named = (kind: FlowElement['kind']) =>
    container.children.filter((c) => c.kind === kind && c.eventDefinition.kind === 'link' && linkName(c) !== '');
  const catches = new Map<string, FlowElement>();
  for (const event of named('intermediateCatchEvent')) {
    const name = linkName(event);
    if (catches.has(name)) {
      problems.add(
        container.id,
        `Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`,
      );
    }
    catches.set(name, event);
  }
  for (const event of named('intermediateThrowEvent')) {
    const name = linkName(event);
    event.linkCatch = catches.get(name);
    if (!event.linkCatch)
      problems.add(container.id, `Can't find an catch link event for the throw link event with the name '${name}'.`);
  }
}

function linkName(event: FlowElement): string {
  return event.eventDefinition.kind === 'link' ? event.eventDefinition.linkName : '';
}
