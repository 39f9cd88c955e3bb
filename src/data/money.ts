/**
 * Money crosses the process boundary as a decimal number with a currency (`amount: 49.9, currency: 'EUR'`)
 * and is stored as integer minor units (4990) so sums in SQL are exact.
 */
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
