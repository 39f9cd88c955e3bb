/**
 * DMN XML to the decision requirements graph the engine evaluates, or the reason Zeebe would refuse the file.
 * The checks and their order follow dmn-scala's parser (through Zeebe's DmnScalaDecisionEngine): the schema
 * (dmn-schema.ts), requirements that name no decision, cycles between decisions,
 * then every decision's logic, all of whose failures are reported together, one per line. A deployment
 * prefixes the message with the resource name (`'file.dmn': ...`), as Zeebe does.
 */

import { DmnExpressions } from './dmn-expressions';
import type { DecisionLogic, DecisionRequirements, ParsedDecision } from './dmn-model';
import { schemaViolation } from './dmn-schema';
import { cycleFailure, missingRequirement, type Requirements } from './drg-graph';
import { parseDecisionTable } from './parse-decision-table';
import { type DmnElement, DmnReadError, readDmn } from './read-dmn';

export type DmnParseResult =
  | { readonly ok: true; readonly drg: DecisionRequirements }
  | { readonly ok: false; readonly failureMessage: string };

export async function parseDmn(xml: string): Promise<DmnParseResult> {
  let definitions: DmnElement;
  try {
    definitions = await readDmn(xml);
  } catch (err) {
    if (err instanceof DmnReadError) return { ok: false, failureMessage: err.message };
    throw err;
  }
  return parseDefinitions(definitions);
}

/** The graph of a definitions element dmn-moddle read. */
export function parseDefinitions(definitions: DmnElement): DmnParseResult {
  const decisionElements: DmnElement[] = (definitions.drgElement ?? []).filter(
    (element: DmnElement) => element.$type === 'dmn:Decision',
  );
  const schema = schemaViolation(decisionElements);
  if (schema) return { ok: false, failureMessage: schema };

  const requirements: Requirements = new Map(
    decisionElements.map((decision) => [decision.id as string, requiredDecisionIds(decision)]),
  );
  const graphFailure = missingRequirement(requirements) ?? cycleFailure(requirements);
  if (graphFailure) return { ok: false, failureMessage: graphFailure };

  const expressions = new DmnExpressions();
  const decisions = decisionElements.map((decision) => parseDecision(decision, requirements, expressions));
  if (expressions.failures.length > 0) return { ok: false, failureMessage: expressions.failures.join('\n') };
  return {
    ok: true,
    drg: {
      id: definitions.id,
      name: definitions.name ?? '',
      namespace: definitions.namespace ?? '',
      decisions,
      decisionsById: new Map(decisions.map((decision) => [decision.id, decision])),
    },
  };
}

function parseDecision(decision: DmnElement, requirements: Requirements, expressions: DmnExpressions): ParsedDecision {
  const variable = decision.variable;
  return {
    id: decision.id,
    name: decision.name ?? '',
    versionTag: versionTagOf(decision),
    variableName: variable?.name,
    resultName: variable?.name ?? decision.id ?? decision.name,
    resultType: variable?.typeRef || undefined,
    requiredDecisionIds: requirements.get(decision.id) ?? [],
    logic: parseLogic(decision.decisionLogic, expressions),
  };
}

/** The decision's logic; dmn-scala's message for a kind Baton does not evaluate (contexts, lists, ...). */
function parseLogic(logic: DmnElement, expressions: DmnExpressions): DecisionLogic {
  switch (logic?.$type) {
    case 'dmn:DecisionTable':
      return parseDecisionTable(logic, expressions);
    case 'dmn:LiteralExpression':
      return { type: 'LITERAL_EXPRESSION', id: logic.id, expression: expressions.expression(logic) };
    default: {
      const kind = logic ? String(logic.$type).replace(/^dmn:/, '') : null;
      expressions.failures.push(`unsupported decision expression '${kind}'`);
      return { type: 'LITERAL_EXPRESSION', expression: expressions.expression({ text: 'null' }) };
    }
  }
}

/** The ids of the decisions a decision requires (information requirements naming a decision), `#` removed. */
function requiredDecisionIds(decision: DmnElement): string[] {
  const ids: string[] = [];
  for (const requirement of decision.informationRequirement ?? []) {
    const reference = requirement.requiredDecision;
    if (reference) ids.push(String(reference.href ?? 'null').replace(/^#/, ''));
  }
  return ids;
}

/** Zeebe's `zeebe:versionTag` extension element, else Camunda 7's `camunda:versionTag` attribute. */
function versionTagOf(decision: DmnElement): string | undefined {
  const values: DmnElement[] = decision.extensionElements?.values ?? [];
  const zeebe = values.find((value) => value.$type === 'zeebe:versionTag')?.value;
  const tag = zeebe ?? decision.$attrs?.['camunda:versionTag'];
  return typeof tag === 'string' && tag !== '' ? tag : undefined;
}
