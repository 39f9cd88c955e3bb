/**
 * Decision-table evaluation: the embedded engine's DMN evaluation (src/engine/decisions, what a business rule
 * task and EvaluateDecision run) against @hbtgmbh/dmn-eval-js, an npm DMN engine, on the same table —
 * bpmn/shipping-carrier.dmn, the one order-fulfilment calls — and the same inputs, in the same process.
 * dmn-eval-js reads DMN 1.1 only (dmn-moddle 4), so it gets the file with the DMN 1.1 namespace; the table is
 * written the same way in both. Both parse once; what is timed is evaluation alone. Ours also records the audit
 * Zeebe reports (evaluated inputs, matched rules, outputs); dmn-eval-js returns the output only. Before timing,
 * both must give the same output for every input.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { evaluateDecision, parseDmn } from '../src/engine/decisions';

const DMN_FILE = path.join(__dirname, '..', 'bpmn', 'shipping-carrier.dmn');
const DECISION_ID = 'shipping-carrier';
const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN11 = 'http://www.omg.org/spec/DMN/20151101/dmn.xsd';

// dmn-eval-js ships no type declarations; these are the two calls used here.
const { decisionTable } = require('@hbtgmbh/dmn-eval-js') as {
  decisionTable: {
    parseDmnXml(xml: string): Promise<unknown>;
    evaluateDecision(id: string, decisions: unknown, context: Record<string, unknown>): unknown;
  };
};

type Evaluate = (variables: Record<string, unknown>) => unknown;

/** n order-like inputs over every rule of the table: amounts 1–2,000, three currencies. */
export function decisionInputs(n: number): Record<string, unknown>[] {
  const currencies = ['EUR', 'USD', 'GBP'];
  return Array.from({ length: n }, (_, i) => ({
    amount: ((i * 7919) % 200_000) / 100 + 1,
    currency: currencies[i % currencies.length],
  }));
}

async function evaluators(): Promise<{ ours: Evaluate; dmnEvalJs: Evaluate }> {
  const xml = readFileSync(DMN_FILE, 'utf8');
  const parsed = await parseDmn(xml);
  if (!parsed.ok) throw new Error(`bpmn/shipping-carrier.dmn does not parse: ${JSON.stringify(parsed)}`);
  const { drg } = parsed;
  const decisions = await decisionTable.parseDmnXml(xml.replace(DMN13, DMN11));
  return {
    ours: (variables) => {
      const result = evaluateDecision(drg, DECISION_ID, variables);
      if (!result.ok) throw new Error(result.failureMessage);
      return result.decisionOutput;
    },
    dmnEvalJs: (variables) => decisionTable.evaluateDecision(DECISION_ID, decisions, variables),
  };
}

function perSecond(evaluate: Evaluate, inputs: Record<string, unknown>[]): number {
  const started = process.hrtime.bigint();
  for (const variables of inputs) evaluate(variables);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return inputs.length / seconds;
}

/** Evaluations per second of each engine, `reps` alternating rounds over `n` inputs after a warm-up. */
export async function decisionTableSamples(n: number, reps: number): Promise<{ ours: number[]; dmnEvalJs: number[] }> {
  const { ours, dmnEvalJs } = await evaluators();
  const inputs = decisionInputs(n);
  for (const variables of inputs) {
    const a = ours(variables);
    const b = dmnEvalJs(variables);
    if (!isDeepStrictEqual(a, b)) {
      throw new Error(
        `the engines disagree on ${JSON.stringify(variables)}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`,
      );
    }
  }
  const samples = { ours: [] as number[], dmnEvalJs: [] as number[] };
  for (let i = 0; i < reps; i++) {
    samples.ours.push(perSecond(ours, inputs));
    samples.dmnEvalJs.push(perSecond(dmnEvalJs, inputs));
  }
  return samples;
}
