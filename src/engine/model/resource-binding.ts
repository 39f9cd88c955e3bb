/**
 * Zeebe's binding types of a linked resource (a called decision, a linked form): which version the element
 * uses — the latest, the one deployed with the process, or the latest with a version tag.
 */
import type { ProblemSink } from './element-properties';
import type { FlowElement } from './process-model';
import type { ModdleElement } from './read-bpmn';

export interface ResourceBinding {
  bindingType: 'latest' | 'deployment' | 'versionTag';
  versionTag?: string;
}

/** The element's binding (default latest), or undefined after reporting why it is invalid. */
export function readResourceBinding(
  element: FlowElement,
  value: ModdleElement,
  problems: ProblemSink,
): ResourceBinding | undefined {
  // (zeebe-bpmn-moddle may not know the binding attributes: then they are in $attrs)
  const attribute = (name: string): string | undefined => value[name] ?? value.$attrs?.[name];
  const bindingType = attribute('bindingType') ?? 'latest';
  if (bindingType !== 'latest' && bindingType !== 'deployment' && bindingType !== 'versionTag') {
    problems.add(
      element.id,
      `Attribute 'bindingType' must be one of latest, deployment, versionTag, but was '${bindingType}'`,
    );
    return undefined;
  }
  const versionTag = attribute('versionTag');
  if (bindingType === 'versionTag' && !versionTag?.trim()) {
    problems.add(element.id, "Attribute 'versionTag' must be present and not empty if 'bindingType' is 'versionTag'");
    return undefined;
  }
  return { bindingType, ...(bindingType === 'versionTag' ? { versionTag } : {}) };
}
