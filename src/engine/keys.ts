/**
 * Zeebe-style int64 keys: the partition id in the upper bits (partition 1 here) plus a counter, written as
 * decimal strings as every Zeebe API does. Below 2^53, so plain numbers stay exact.
 */
const PARTITION_1 = 2 ** 51;

/** Keys (decimal strings of positive longs) in numeric order, which is creation order, without a BigInt each. */
export const compareKeys = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export class KeyGenerator {
  private next = 1;
  nextKey(): string {
    return String(PARTITION_1 + this.next++);
  }

  /** The counter of the next key, as a snapshot stores it (state/engine-snapshot.ts). */
  get position(): number {
    return this.next;
  }

  set position(next: number) {
    this.next = next;
  }
}
