/**
 * The jobs waiting for a worker, per type, in the order Zeebe activates them: job key order (its index is
 * keyed by type, then job key). A job that is activatable again (timeout, back-off, resolved incident) goes
 * before younger ones; the set is sorted when next read, so a burst of timeouts costs one sort, not one per job.
 */
import type { JobsState } from '../state/jobs-state';

export class ActivatableJobs {
  private readonly byType = new Map<string, Set<string>>();
  /** highest job key ever made activatable per type (keys only grow, so new jobs append in order) */
  private readonly newest = new Map<string, string>();
  /** types whose set got an older job back and is out of key order until `inKeyOrder` */
  private readonly unordered = new Set<string>();

  add(type: string, key: string) {
    let keys = this.byType.get(type);
    if (!keys) {
      keys = new Set();
      this.byType.set(type, keys);
    }
    const newest = this.newest.get(type);
    keys.add(key);
    if (newest !== undefined && Number(key) < Number(newest)) this.unordered.add(type);
    else this.newest.set(type, key);
  }

  delete(type: string, key: string) {
    this.byType.get(type)?.delete(key);
  }

  /** A type's activatable job keys in key order (the order activation and snapshots read them in). */
  inKeyOrder(type: string): Set<string> | undefined {
    const keys = this.byType.get(type);
    if (!keys || !this.unordered.delete(type)) return keys;
    const sorted = new Set([...keys].sort((a, b) => Number(a) - Number(b)));
    this.byType.set(type, sorted);
    return sorted;
  }

  /** Jobs waiting, of every type. */
  count(): number {
    let n = 0;
    for (const keys of this.byType.values()) n += keys.size;
    return n;
  }

  snapshot(): Pick<JobsState, 'activatable' | 'newestActivatable'> {
    return {
      activatable: [...this.byType.keys()].map((type) => [type, [...(this.inKeyOrder(type) ?? [])]]),
      newestActivatable: [...this.newest],
    };
  }

  restore(state: Pick<JobsState, 'activatable' | 'newestActivatable'>) {
    for (const [type, keys] of state.activatable) this.byType.set(type, new Set(keys));
    for (const [type, key] of state.newestActivatable) this.newest.set(type, key);
  }
}
