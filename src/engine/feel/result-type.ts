/**
 * What Zeebe calls the type of a FEEL result (its ResultType: NULL, BOOLEAN, NUMBER, STRING, ARRAY, OBJECT,
 * DURATION, PERIOD, DATE, DATE_TIME, else UNKNOWN), and its message when a result has the wrong type
 * (ExpressionProcessor.typeCheck), so such an incident reads here as it does on a cluster.
 */
import { FeelDate, FeelDateTime, FeelDuration } from 'feelin';
import type { CompiledExpression, FeelWarning } from './compile-expression';

export type ResultType =
  | 'NULL'
  | 'BOOLEAN'
  | 'NUMBER'
  | 'STRING'
  | 'ARRAY'
  | 'OBJECT'
  | 'DURATION'
  | 'PERIOD'
  | 'DATE'
  | 'DATE_TIME'
  | 'UNKNOWN';

export function resultTypeOf(value: unknown): ResultType {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    case 'object':
      break;
    default:
      return 'UNKNOWN';
  }
  if (Array.isArray(value)) return 'ARRAY';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDate) return 'DATE';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  const prototype = Object.getPrototypeOf(value);
  // a FEEL context; times, ranges and functions are instances of feelin's classes
  return prototype === Object.prototype || prototype === null ? 'OBJECT' : 'UNKNOWN';
}

/** The expression as Zeebe quotes it in messages: FEEL without its leading '='. */
export function expressionText(expression: CompiledExpression): string {
  return expression.isFeel ? expression.source.slice(1) : expression.source;
}

/** Zeebe's type-mismatch message, with the evaluation's warnings appended as Zeebe appends them. */
export function unexpectedResultType(
  expression: CompiledExpression,
  expected: ResultType,
  value: unknown,
  warnings: readonly FeelWarning[] = [],
): string {
  const message = `Expected result of the expression '${expressionText(expression)}' to be '${expected}', but was '${resultTypeOf(value)}'.`;
  if (warnings.length === 0) return message;
  const listed = warnings.map((w) => `[${w.type}] ${w.message}`).join('\n');
  return `${message} The evaluation reported the following warnings:\n${listed}`;
}
