/**
 * Money crosses the process boundary as a decimal number with a currency (`amount: 49.9, currency: 'EUR'`)
 * and is stored as integer minor units (4990) so sums in SQL are exact.
 */
import { MAX_INTEGER_COLUMN } from './column-limits';

/** The largest amount in major units whose minor units fit the amount_minor columns: 21,474,836.47. */
export const MAX_AMOUNT = MAX_INTEGER_COLUMN / 100;

export function toMinorUnits(amount: number): number {
  return Math.round(amount * 100);
}

export function fromMinorUnits(minor: number): number {
  return minor / 100;
}

/** True for amounts with at most two decimals (49.9, 12.05), false for 0.001. */
export function hasAtMostTwoDecimals(amount: number): boolean {
  return Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;
}
