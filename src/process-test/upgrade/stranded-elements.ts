/**
 * Whether a new model version strands instances of the old one: an instance waiting on an element can be
 * migrated (Camunda 8's process instance migration maps each active element to one of the target version)
 * only when the new version has an element of the same type to map it to. An element is stranded when the
 * new version lacks its id or gives the id another type. The suggested mapping keeps ids that stayed and,
 * for a stranded element, proposes the new version's element of the same type with the same name, else the
 * only element of that type that is new in this version; none when that is ambiguous.
 */
import type { ModelElement, ProcessModel } from '../coverage/bpmn-model';

export interface StrandedElement {
  elementId: string;
  type: string;
  name?: string;
  reason: 'missing in the new version' | 'changed type';
  /** the type the id has in the new version, when it changed */
  newType?: string;
  /** the element of the new version suggested as its target, if one fits */
  suggestedTarget?: string;
}

/** Camunda 8's migration plan entry (`POST /v2/process-instances/{key}/migration`, mappingInstructions) */
export interface MappingInstruction {
  sourceElementId: string;
  targetElementId: string;
}

export interface StrandingAnalysis {
  stranded: StrandedElement[];
  /** a mapping for every waiting element that has a target: ids kept, and the suggestions */
  mappingInstructions: MappingInstruction[];
}

export function strandedBy(
  oldModel: ProcessModel,
  newModel: ProcessModel,
  waitingElementIds: Iterable<string>,
): StrandingAnalysis {
  const oldById = new Map(oldModel.elements.map((e) => [e.id, e]));
  const newById = new Map(newModel.elements.map((e) => [e.id, e]));
  const stranded: StrandedElement[] = [];
  const mappingInstructions: MappingInstruction[] = [];
  for (const id of new Set(waitingElementIds)) {
    const before = oldById.get(id);
    if (!before) continue;
    const after = newById.get(id);
    if (after && after.type === before.type) {
      mappingInstructions.push({ sourceElementId: id, targetElementId: id });
      continue;
    }
    const target = suggestTarget(before, oldById, newModel.elements);
    stranded.push({
      elementId: id,
      type: before.type,
      ...(before.name ? { name: before.name } : {}),
      reason: after ? 'changed type' : 'missing in the new version',
      ...(after ? { newType: after.type } : {}),
      ...(target ? { suggestedTarget: target.id } : {}),
    });
    if (target) mappingInstructions.push({ sourceElementId: id, targetElementId: target.id });
  }
  return { stranded, mappingInstructions };
}

function suggestTarget(
  before: ModelElement,
  oldById: Map<string, ModelElement>,
  candidates: readonly ModelElement[],
): ModelElement | undefined {
  const sameType = candidates.filter((e) => e.type === before.type && e.id !== before.id);
  const sameName = sameType.filter((e) => before.name !== undefined && e.name === before.name);
  if (sameName.length === 1) return sameName[0];
  const added = sameType.filter((e) => !oldById.has(e.id));
  return added.length === 1 ? added[0] : undefined;
}

/** The analysis as lines for a failure message or a log. */
export function formatStranding(processId: string, analysis: StrandingAnalysis): string {
  if (analysis.stranded.length === 0) return `${processId}: the new version strands no waiting instance`;
  const lines = analysis.stranded.map(
    (s) =>
      `  ${s.elementId} (${s.type}${s.name ? ` '${s.name}'` : ''}): ${s.reason}${s.newType ? ` (now ${s.newType})` : ''}${
        s.suggestedTarget ? `; map it to ${s.suggestedTarget}` : '; no element to map it to'
      }`,
  );
  return [
    `${processId}: the new version strands instances waiting at ${analysis.stranded.length} element(s):`,
    ...lines,
    `  suggested mappingInstructions: ${JSON.stringify(analysis.mappingInstructions)}`,
  ].join('\n');
}
