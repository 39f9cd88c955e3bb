/**
 * A dmn:DecisionTable element as the engine evaluates it: inputs with their compiled input expressions,
 * outputs, rules with compiled unary tests and output entries, hit policy and aggregation. Reports what
 * dmn-scala refuses in a table: an aggregator on a table with several outputs, an output without a name in
 * a table with several outputs, FEEL that does not compile.
 */

import type { DmnExpressions } from './dmn-expressions';
import type { Aggregation, DecisionOutput, DecisionRule, DecisionTable, HitPolicy } from './dmn-model';
import type { DmnElement } from './read-dmn';
import { compileUnaryTests } from './unary-tests';

export function parseDecisionTable(table: DmnElement, expressions: DmnExpressions): DecisionTable {
  const hitPolicy: HitPolicy = table.hitPolicy ?? 'UNIQUE';
  const aggregation: Aggregation | undefined = table.aggregation;
  const inputElements: DmnElement[] = table.input ?? [];
  const outputElements: DmnElement[] = table.output ?? [];
  if (outputElements.length > 1 && hitPolicy === 'COLLECT' && aggregation !== undefined) {
    expressions.failures.push("hit policy 'COLLECT' with aggregator is not defined for compound output");
  }
  if (outputElements.length > 1) {
    for (const output of outputElements) {
      if (output.name == null) expressions.failures.push(`no output name defined for \`${output.label ?? null}\``);
    }
  }
  const inputs = inputElements.map((input) => ({
    id: input.id,
    label: input.label,
    inputExpression: expressions.expression(input.inputExpression),
    typeRef: input.inputExpression?.typeRef,
    inputValues: input.inputValues?.text,
  }));
  const outputs: DecisionOutput[] = outputElements.map((output) => ({
    id: output.id,
    name: output.name,
    label: output.label,
    typeRef: output.typeRef,
    outputValues: output.outputValues?.text,
    defaultOutputEntry: output.defaultOutputEntry ? expressions.expression(output.defaultOutputEntry) : undefined,
  }));
  const rules: DecisionRule[] = (table.rule ?? []).map((rule: DmnElement, i: number) => {
    const entries: DmnElement[] = rule.inputEntry ?? [];
    return {
      id: rule.id,
      index: i + 1,
      // a rule with fewer entries than inputs does not test the rest (dmn-scala pairs them up)
      inputEntries: inputs.map((_, j) => (j < entries.length ? expressions.inputEntry(entries[j]) : ANY_INPUT)),
      outputEntries: (rule.outputEntry ?? [])
        .slice(0, outputs.length)
        .map((entry: DmnElement) => expressions.expression(entry)),
    };
  });
  return { type: 'DECISION_TABLE', id: table.id, hitPolicy, aggregation, inputs, outputs, rules };
}

const ANY_INPUT = compileUnaryTests('');
