/**
 * What the DMN schema refuses, which Camunda's DMN model API checks before dmn-scala reads anything: a hit
 * policy or aggregator DMN does not define (such as UNORDERED, or `Unique` spelt otherwise), and two
 * elements with one id (read-dmn.ts: dmn-moddle drops the second). The whole document is refused, with the
 * model API's words as dmn-scala passes them on.
 */
import type { Aggregation, HitPolicy } from './dmn-model';
import type { DmnElement } from './read-dmn';

export const HIT_POLICIES: readonly HitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];
export const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

export const INVALID_DOCUMENT =
  'Failed to parse DMN: org.camunda.bpm.model.xml.ModelValidationException: DOM document is not valid';

/** The refusal of the decisions' document, or undefined when the schema allows it. */
export function schemaViolation(decisions: readonly DmnElement[]): string | undefined {
  for (const decision of decisions) {
    const logic = decision.decisionLogic;
    if (logic?.$type === 'dmn:DecisionTable' && !validTable(logic)) return INVALID_DOCUMENT;
  }
  return undefined;
}

function validTable(table: DmnElement): boolean {
  const aggregation = table.aggregation;
  return (
    HIT_POLICIES.includes(table.hitPolicy ?? 'UNIQUE') &&
    (aggregation === undefined || AGGREGATIONS.includes(aggregation))
  );
}
