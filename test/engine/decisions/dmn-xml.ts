/**
 * Writes DMN XML for the decision suites: a definitions element around decision tables and literal
 * expressions given as plain data, so that each test shows its table's rules rather than XML.
 */
import {
  type DecisionEvaluation,
  type DecisionRequirements,
  evaluateDecision,
  parseDmn,
} from '../../../src/engine/decisions';

export const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

export interface TableSpec {
  name?: string;
  hitPolicy?: string;
  aggregation?: string;
  /** FEEL input expressions, or inputs with a label and allowed values */
  inputs: (string | { expression: string; label?: string; values?: string })[];
  /** output names, or outputs with more */
  outputs: (string | { name?: string; label?: string; typeRef?: string; values?: string; default?: string })[];
  /** each rule: its input entries, then its output entries */
  rules: [string[], string[]][];
  requires?: string[];
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${xmlText(value)}"`);

export function definitions(body: string, namespace = DMN13): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${namespace}" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="drg" name="Test DRG" namespace="http://camunda.org/schema/1.0/dmn">
${body}
</definitions>`;
}

function requirements(ids: string[] = []): string {
  return ids.map((id) => `<informationRequirement><requiredDecision href="#${id}"/></informationRequirement>`).join('');
}

export function table(id: string, spec: TableSpec): string {
  const inputs = spec.inputs.map((input, i) => {
    const { expression, label, values } = typeof input === 'string' ? { expression: input } : input;
    const allowed = values === undefined ? '' : `<inputValues><text>${xmlText(values)}</text></inputValues>`;
    return `<input id="${id}_in${i + 1}"${attr('label', label)}><inputExpression id="${id}_ie${i + 1}"><text>${xmlText(expression)}</text></inputExpression>${allowed}</input>`;
  });
  const outputs = spec.outputs.map((output, i) => {
    const o = typeof output === 'string' ? { name: output } : output;
    const allowed = o.values === undefined ? '' : `<outputValues><text>${xmlText(o.values)}</text></outputValues>`;
    const fallback =
      o.default === undefined ? '' : `<defaultOutputEntry><text>${xmlText(o.default)}</text></defaultOutputEntry>`;
    return `<output id="${id}_out${i + 1}"${attr('name', o.name)}${attr('label', o.label)}${attr('typeRef', o.typeRef)}>${allowed}${fallback}</output>`;
  });
  const rules = spec.rules.map(([ins, outs], r) => {
    const entries = ins.map((text) => `<inputEntry><text>${xmlText(text)}</text></inputEntry>`).join('');
    const results = outs.map((text) => `<outputEntry><text>${xmlText(text)}</text></outputEntry>`).join('');
    return `<rule id="${id}_r${r + 1}">${entries}${results}</rule>`;
  });
  const policy = attr('hitPolicy', spec.hitPolicy) + attr('aggregation', spec.aggregation);
  return `<decision id="${id}" name="${xmlText(spec.name ?? id)}">${requirements(spec.requires)}
  <decisionTable id="${id}_table"${policy}>${inputs.join('')}${outputs.join('')}${rules.join('\n')}</decisionTable>
</decision>`;
}

export function literal(
  id: string,
  text: string,
  options: { variable?: string; typeRef?: string; requires?: string[]; name?: string } = {},
): string {
  const variable =
    options.variable === undefined ? '' : `<variable name="${options.variable}"${attr('typeRef', options.typeRef)}/>`;
  return `<decision id="${id}" name="${xmlText(options.name ?? id)}">${requirements(options.requires)}${variable}
  <literalExpression id="${id}_le"><text>${xmlText(text)}</text></literalExpression>
</decision>`;
}

/** Parses the DMN, failing the test with the reason when it does not parse. */
export async function parsed(xml: string): Promise<DecisionRequirements> {
  const result = await parseDmn(xml);
  if (!result.ok) throw new Error(`expected the DMN to parse: ${result.failureMessage}`);
  return result.drg;
}

/** The failure message parsing gives; fails the test when the DMN parses. */
export async function refusal(xml: string): Promise<string> {
  const result = await parseDmn(xml);
  if (result.ok) throw new Error('expected the DMN to be refused');
  return result.failureMessage;
}

/** Evaluates one table decision (id `d`) of its own DRG. */
export async function evaluateTable(spec: TableSpec, variables: Record<string, unknown>): Promise<DecisionEvaluation> {
  return evaluateDecision(await parsed(definitions(table('d', spec))), 'd', variables);
}

/** The output of evaluating a single-table DRG; fails the test with the reason when evaluation fails. */
export async function outputOf(spec: TableSpec, variables: Record<string, unknown>): Promise<unknown> {
  const result = await evaluateTable(spec, variables);
  if (!result.ok) throw new Error(`expected the decision to evaluate: ${result.failureMessage}`);
  return result.decisionOutput;
}
