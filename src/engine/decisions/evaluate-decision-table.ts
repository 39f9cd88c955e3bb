/**
 * One decision table evaluated as dmn-scala does: every input expression, then every rule's input entries as
 * unary tests against those values (a rule's first failing entry ends its check), then the output entries of
 * the rules that matched (of the first only, for FIRST), then the hit policy. No match gives the outputs'
 * default entries (null without them), whatever the hit policy. The audit keeps what was evaluated before a
 * failure: no inputs when an input expression failed, no rules when a rule or output entry did.
 */
import { type FeelContext, toJsonValue } from '../feel';
import type { EvaluatedInput, MatchedRule } from './decision-result';
import type { DecisionRule, DecisionTable } from './dmn-model';
import { applyHitPolicy, type OutputRow } from './hit-policies';

export type Lookup = (name: string) => unknown;

export interface TableOutcome {
  /** the FEEL value, when the table did not fail */
  readonly value?: unknown;
  /** dmn-scala's reason, when it did */
  readonly failure?: string;
  readonly evaluatedInputs: readonly EvaluatedInput[];
  readonly matchedRules: readonly MatchedRule[];
}

export function evaluateDecisionTable(table: DecisionTable, lookup: Lookup, ctx?: FeelContext): TableOutcome {
  let inputValues: unknown[];
  try {
    inputValues = table.inputs.map((input) => input.inputExpression.compiled.evaluate(lookup, ctx));
  } catch (err) {
    return { failure: reason(err), evaluatedInputs: [], matchedRules: [] };
  }
  const evaluatedInputs = table.inputs.map((input, i) => ({
    inputId: input.id,
    inputName: input.label ?? input.inputExpression.text,
    inputValue: toJsonValue(inputValues[i]),
  }));
  let matched: DecisionRule[];
  let rows: OutputRow[];
  try {
    matched = table.rules.filter((rule) => matches(rule, inputValues, lookup, ctx));
    if (matched.length === 0) return { value: defaultOutput(table, lookup, ctx), evaluatedInputs, matchedRules: [] };
    if (table.hitPolicy === 'FIRST') matched = matched.slice(0, 1);
    rows = matched.map((rule) => outputRow(table, rule, lookup, ctx));
  } catch (err) {
    return { failure: reason(err), evaluatedInputs, matchedRules: [] };
  }
  const matchedRules = matched.map((rule, i) => ({
    ruleId: rule.id,
    ruleIndex: rule.index,
    evaluatedOutputs: table.outputs.slice(0, rule.outputEntries.length).map((output) => ({
      outputId: output.id,
      outputName: output.name ?? null,
      outputValue: toJsonValue(rows[i][output.name ?? '']),
    })),
  }));
  const result = applyHitPolicy(table.hitPolicy, table.aggregation, table.outputs, rows);
  if ('failure' in result) return { failure: result.failure, evaluatedInputs, matchedRules };
  return { value: result.value, evaluatedInputs, matchedRules };
}

function matches(rule: DecisionRule, inputValues: readonly unknown[], lookup: Lookup, ctx?: FeelContext): boolean {
  for (let i = 0; i < rule.inputEntries.length; i++) {
    const entry = rule.inputEntries[i];
    if (!entry.matchesAnything && !entry.test(inputValues[i], lookup, ctx)) return false;
  }
  return true;
}

function outputRow(table: DecisionTable, rule: DecisionRule, lookup: Lookup, ctx?: FeelContext): OutputRow {
  const row: OutputRow = {};
  rule.outputEntries.forEach((entry, i) => {
    row[table.outputs[i].name ?? ''] = entry.compiled.evaluate(lookup, ctx);
  });
  return row;
}

/** The outputs' default entries when no rule matched: null without any, one's value, or a context of several. */
function defaultOutput(table: DecisionTable, lookup: Lookup, ctx?: FeelContext): unknown {
  const row: OutputRow = {};
  for (const output of table.outputs) {
    if (output.defaultOutputEntry) row[output.name ?? ''] = output.defaultOutputEntry.compiled.evaluate(lookup, ctx);
  }
  const values = Object.values(row);
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : row;
}

export function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
