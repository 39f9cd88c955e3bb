/**
 * Everything that falls due on the engine clock (timer events, job deadlines, retry back-offs, message
 * TTLs) in one min-heap, fired in due order by one real setTimeout for the earliest entry. Moving the
 * clock fires everything due in the skipped interval, oldest first. An entry holds what it does as data
 * (a DueTask, runtime/due-tasks.ts), handed to one firing function, so a snapshot writes the task itself.
 * Cancelling only marks an entry; once marked entries make up half the heap (and at least COMPACT_AT),
 * the heap is rebuilt without them, so finished jobs and ended timers do not hold memory until their due
 * time (a cancelled 7-day timer would otherwise stay for 7 days). Order is (due, seq) either way.
 */
import type { EngineClock } from './clock';
import type { DueTask } from './runtime/due-tasks';

export interface DueEntry {
  due: number;
  task: DueTask;
  cancelled: boolean;
  /** insertion order (ties in due); -1 once the entry has left the heap */
  seq: number;
}

const MAX_TIMEOUT = 2 ** 31 - 1;
const COMPACT_AT = 32;

export class DueQueue {
  private readonly heap: DueEntry[] = [];
  private seq = 0;
  private cancelledInHeap = 0;
  private handle: NodeJS.Timeout | undefined;
  private closed = false;
  private firing = false;
  /** while the journal replays, entries fire only where the journal says a tick happened */
  suspended = false;

  constructor(
    private readonly clock: EngineClock,
    /** fires a task that fell due, inside the engine's command processing */
    private readonly run: (task: DueTask, due: number) => void,
    /** told before a real-time timer fires entries, so the journal can record the tick */
    private readonly onTick: (now: number) => void = () => {},
  ) {
    clock.onChange(() => this.fireDue());
  }

  schedule(due: number, task: DueTask): DueEntry {
    const entry = { due, task, cancelled: false, seq: this.seq++ };
    this.push(entry);
    if (this.heap[0] === entry) this.arm();
    return entry;
  }

  cancel(entry: DueEntry | undefined) {
    if (!entry || entry.cancelled) return;
    entry.cancelled = true;
    // an entry already fired is no longer in the heap; only count the ones still in it
    if (entry.seq >= 0) this.cancelledInHeap++;
    if (this.cancelledInHeap >= COMPACT_AT && this.cancelledInHeap * 2 >= this.heap.length) this.compact();
  }

  /** entries held, cancelled ones not yet dropped included */
  get size() {
    return this.heap.length;
  }

  /** entries that will still fire (a snapshot checks it accounted for every one) */
  get live() {
    return this.heap.length - this.cancelledInHeap;
  }

  /** The entries that will still fire, in scheduling order (ties in due fire in this order): what a snapshot holds. */
  pending(): DueEntry[] {
    return this.heap.filter((e) => !e.cancelled).sort((a, b) => a.seq - b.seq);
  }

  close() {
    this.closed = true;
    if (this.handle) clearTimeout(this.handle);
  }

  /** True when an entry is due at the clock's current time. */
  hasDue(): boolean {
    while (this.heap[0]?.cancelled) this.pop();
    return this.heap[0] !== undefined && this.heap[0].due <= this.clock.now();
  }

  fireDue(force = false) {
    if (this.firing || this.closed || (this.suspended && !force)) return;
    this.firing = true;
    try {
      for (;;) {
        const top = this.heap[0];
        if (!top || top.due > this.clock.now()) break;
        this.pop();
        if (!top.cancelled) this.run(top.task, top.due);
      }
    } finally {
      this.firing = false;
    }
    this.arm();
  }

  /** Re-arms the real-time timer (after a replay). */
  rearm() {
    this.arm();
  }

  private arm() {
    if (this.closed) return;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    while (this.heap[0]?.cancelled) this.pop();
    const top = this.heap[0];
    if (!top) return;
    if (this.suspended) return;
    const delay = Math.min(Math.max(top.due - this.clock.now(), 0), MAX_TIMEOUT);
    this.handle = setTimeout(() => {
      // what falls due fires at the tick's time, as its replay fires it
      this.clock.held(() => {
        if (this.hasDue()) this.onTick(this.clock.now());
        this.fireDue();
      });
    }, delay);
    this.handle.unref();
  }

  private compact() {
    const live = this.heap.filter((e) => !e.cancelled);
    for (const e of this.heap) if (e.cancelled) e.seq = -1;
    this.heap.length = 0;
    for (const e of live) this.push(e);
    this.cancelledInHeap = 0;
  }

  private less(a: DueEntry, b: DueEntry) {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(entry: DueEntry) {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): DueEntry | undefined {
    const h = this.heap;
    const top = h[0];
    if (top) {
      if (top.cancelled) this.cancelledInHeap--;
      top.seq = -1; // out of the heap (see cancel)
    }
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
