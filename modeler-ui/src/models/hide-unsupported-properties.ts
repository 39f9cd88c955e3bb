/**
 * A properties-panel provider that runs after the Camunda 8 one and takes out the groups whose settings the
 * engine refuses at deploy (docs/supported-elements.md), so a person is never offered a setting that would only
 * come back as "not deployed". Since issue 21 the engine runs listeners, called decisions, escalation, link
 * and conditional events and ad-hoc sub-processes (active elements, output collection, the job-worker
 * implementation): their groups show, and nothing is taken out until a setting the panel offers is refused again.
 */

/** properties-panel group ids (bpmn-js-properties-panel) of what the engine does not run */
export const UNSUPPORTED_GROUPS = new Set<string>([]);

interface Group {
  id: string;
}

interface PropertiesPanel {
  registerProvider(priority: number, provider: { getGroups(element: unknown): (groups: Group[]) => Group[] }): void;
}

/** after bpmn-js-properties-panel's own providers (1000 and the Camunda 8 one at 500) */
const AFTER_CAMUNDA_PROVIDERS = 100;

class HideUnsupportedProperties {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: PropertiesPanel) {
    propertiesPanel.registerProvider(AFTER_CAMUNDA_PROVIDERS, this);
  }

  getGroups(): (groups: Group[]) => Group[] {
    return (groups) => groups.filter((group) => !UNSUPPORTED_GROUPS.has(group.id));
  }
}

export const HideUnsupportedPropertiesModule = {
  __init__: ['hideUnsupportedProperties'],
  hideUnsupportedProperties: ['type', HideUnsupportedProperties],
};
