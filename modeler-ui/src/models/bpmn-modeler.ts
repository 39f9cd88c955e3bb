/**
 * The bpmn-js modeler as Baton uses it: Camunda 8 (Zeebe) properties panel and modeling behaviours, the
 * zeebe moddle extension, and bpmnlint with the repository's rules (bpmnlint:recommended + camunda-compat
 * 8.8, compiled in at build time) marking problems on the diagram as you edit; the properties panel leaves
 * out the settings the engine cannot run.
 */

import lintConfig from 'virtual:bpmnlint-config';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { HideUnsupportedPropertiesModule } from './hide-unsupported-properties';

export type Modeler = InstanceType<typeof BpmnModeler>;

export function createBpmnModeler(canvas: HTMLElement, propertiesPanel: HTMLElement): Modeler {
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: propertiesPanel },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      HideUnsupportedPropertiesModule,
      ZeebeBehaviorsModule,
      lintModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
    linting: { bpmnlint: lintConfig, active: true },
  });
}

interface BusinessObject {
  $type: string;
  id: string;
  name?: string;
  isExecutable?: boolean;
  processRef?: BusinessObject;
  participants?: BusinessObject[];
}

/** The id of the process Zeebe would run: the first executable process (also inside a collaboration). */
export function executableProcessId(modeler: Modeler): string | undefined {
  const definitions = modeler.getDefinitions() as { rootElements?: BusinessObject[] } | undefined;
  const roots = definitions?.rootElements ?? [];
  const processes = roots.filter((e) => e.$type === 'bpmn:Process');
  for (const collaboration of roots.filter((e) => e.$type === 'bpmn:Collaboration')) {
    for (const participant of collaboration.participants ?? []) {
      if (participant.processRef && !processes.includes(participant.processRef)) processes.push(participant.processRef);
    }
  }
  return (processes.find((p) => p.isExecutable) ?? processes[0])?.id;
}

/** The label of an element, for messages ("Charge payment"), if it has one. */
export function elementName(modeler: Modeler, elementId: string): string | undefined {
  const registry = modeler.get('elementRegistry') as {
    get(id: string): { businessObject?: BusinessObject } | undefined;
  };
  return registry.get(elementId)?.businessObject?.name || undefined;
}

export function selectElement(modeler: Modeler, elementId: string): void {
  const registry = modeler.get('elementRegistry') as { get(id: string): object | undefined };
  const element = registry.get(elementId);
  if (!element) return;
  (modeler.get('selection') as { select(e: object): void }).select(element);
  (modeler.get('canvas') as { scrollToElement(e: object): void }).scrollToElement(element);
}
