/**
 * A decision table's result from the outputs of the rules that matched, by hit policy, as dmn-scala
 * computes it: one output gives its value, several a context keyed by output name; UNIQUE fails on a second
 * match, ANY on matches that differ, PRIORITY and OUTPUT ORDER rank by the order of the output values, and
 * COLLECT returns the list or its SUM/MIN/MAX/COUNT. The caller handles "no rule matched" (default outputs,
 * else null) before getting here.
 */
import { toJsonValue } from '../feel';
import type { Aggregation, DecisionOutput, HitPolicy } from './dmn-model';
import { listOfMapsText, valText } from './scala-text';

/** One matched rule's outputs: output name to value, in output order. */
export type OutputRow = Record<string, unknown>;

export type HitPolicyResult = { readonly value: unknown } | { readonly failure: string };

/** The table's value from its matched rules' rows (at least one; only the first for FIRST). */
export function applyHitPolicy(
  hitPolicy: HitPolicy,
  aggregation: Aggregation | undefined,
  outputs: readonly DecisionOutput[],
  rows: readonly OutputRow[],
): HitPolicyResult {
  switch (hitPolicy) {
    case 'FIRST':
      return { value: singleValue(rows[0]) };
    case 'UNIQUE':
      if (rows.length > 1) {
        return { failure: `multiple values aren't allowed for UNIQUE hit policy. found: '${listOfMapsText(rows)}'` };
      }
      return { value: singleValue(rows[0]) };
    case 'ANY': {
      const distinct = distinctRows(rows);
      if (distinct.length > 1) {
        return { failure: `different values aren't allowed for ANY hit policy. found: '${listOfMapsText(distinct)}'` };
      }
      return { value: singleValue(rows[0]) };
    }
    case 'PRIORITY':
      return { value: singleValue(byPriority(rows, outputs)[0]) };
    case 'OUTPUT ORDER':
      return { value: byPriority(rows, outputs).map(singleValue) };
    case 'RULE ORDER':
      return { value: rows.map(singleValue) };
    case 'COLLECT':
      return aggregation ? aggregate(aggregation, rows) : { value: rows.map(singleValue) };
  }
}

/** A row's value: the one output's value, or a context of all outputs. */
function singleValue(row: OutputRow): unknown {
  const values = Object.values(row);
  return values.length === 1 ? values[0] : { ...row };
}

function distinctRows(rows: readonly OutputRow[]): OutputRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = JSON.stringify(toJsonValue(row));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The rows ordered as dmn-scala orders them: each row's key is the position of each of its values in its
 * output's listed values (quotes removed), written one after the other, `_` for a value not listed; rows sort
 * by that text, stably. (So with ten or more listed values the tenth sorts before the second, as on a cluster.)
 */
function byPriority(rows: readonly OutputRow[], outputs: readonly DecisionOutput[]): OutputRow[] {
  const positions = outputs.map((output) => {
    const listed = output.outputValues?.split(',').map((v) => v.trim().replace(/["']/g, '')) ?? [];
    return { name: output.name ?? '', positions: new Map(listed.map((value, i) => [value, String(i)])) };
  });
  const keyOf = (row: OutputRow) =>
    positions
      .map(({ name, positions }) => {
        const value = row[name];
        const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
        return (text === undefined ? undefined : positions.get(text)) ?? '_';
      })
      .join('');
  const keyed = rows.map((row) => ({ row, key: keyOf(row) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ row }) => row);
}

function aggregate(aggregation: Aggregation, rows: readonly OutputRow[]): HitPolicyResult {
  if (aggregation === 'COUNT') return { value: rows.length };
  if (Object.keys(rows[0]).length !== 1)
    return { failure: `multiple values aren't allowed. found: ${listOfMapsText(rows)}` };
  const numbers: number[] = [];
  for (const row of rows) {
    const value = Object.values(row)[0];
    if (typeof value !== 'number') return { failure: `expected number but found '${valText(value)}'` };
    numbers.push(value);
  }
  if (aggregation === 'MIN') return { value: Math.min(...numbers) };
  if (aggregation === 'MAX') return { value: Math.max(...numbers) };
  return { value: decimalSum(numbers) };
}

/**
 * The sum as feel-scala's decimal arithmetic gives it: 0.1 + 0.2 is 0.3, not 0.30000000000000004, for numbers
 * written with up to 15 decimals.
 */
function decimalSum(numbers: readonly number[]): number {
  const decimals = Math.max(0, ...numbers.map((n) => /\.(\d+)$/.exec(String(n))?.[1].length ?? 0));
  const total = numbers.reduce((sum, n) => sum + n, 0);
  return decimals > 0 && decimals <= 15 ? Number(total.toFixed(decimals)) : total;
}
