/**
 * Reads BPMN 2.0 XML into moddle objects with Zeebe's extension elements. Rejects DOCTYPE/entity
 * declarations before parsing (no XXE, no entity expansion) and turns parser complaints into messages.
 */
import { BpmnModdle } from 'bpmn-moddle';

// biome-ignore lint/suspicious/noExplicitAny: moddle's element tree is untyped
export type ModdleElement = any;

const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json');

let moddle: InstanceType<typeof BpmnModdle> | undefined;
function sharedModdle() {
  moddle ??= new BpmnModdle({ zeebe: zeebeSchema });
  return moddle;
}

export class BpmnReadError extends Error {}

export interface ParseWarning {
  message: string;
  element?: { $type?: string };
}

/**
 * What would stop Zeebe. A diagram element (bpmndi:) pointing at nothing is not: Zeebe ignores the diagram,
 * and modelers leave such references behind (a BPMNPlane naming the process's old id, a deleted task's shape).
 */
function isFatal(warning: ParseWarning): boolean {
  return /unparsable|unresolved reference|illegal/i.test(warning.message) && !isDiagramReference(warning);
}

/** An unresolved reference of the diagram (bpmndi), which Zeebe never reads. */
export function isDiagramReference(warning: ParseWarning): boolean {
  return /^unresolved reference/i.test(warning.message) && isDiagramElement(warning.element?.$type);
}

const isDiagramElement = (type: string | undefined) => /^(bpmndi|di|dc):/.test(type ?? '');

export async function readBpmn(resourceName: string, xml: string): Promise<ModdleElement> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new BpmnReadError(`'${resourceName}': DOCTYPE and entity declarations are not allowed`);
  }
  let result: { rootElement: ModdleElement; warnings: ParseWarning[] };
  try {
    result = await sharedModdle().fromXML(xml, 'bpmn:Definitions');
  } catch (err) {
    throw new BpmnReadError(`'${resourceName}': not a readable BPMN document: ${(err as Error).message}`);
  }
  const fatal = result.warnings.filter(isFatal);
  if (fatal.length > 0) {
    throw new BpmnReadError(`'${resourceName}': ${fatal.map((w) => w.message).join('; ')}`);
  }
  return result.rootElement;
}
