/**
 * The engine clock: system time by default, pinned or moved forward by tests (Zeebe's controlled clock).
 * Everything time-based in the engine (timers, job deadlines, message TTLs, FEEL now()) reads it.
 */
export class EngineClock {
  private offset = 0;
  private pinnedAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  now(): number {
    return this.pinnedAt ?? Date.now() + this.offset;
  }

  pin(timestamp: number) {
    if (!Number.isFinite(timestamp)) throw new RangeError(`clock timestamp must be a finite epoch ms, got ${timestamp}`);
    this.pinnedAt = timestamp;
    this.changed();
  }

  advance(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward, got ${ms} ms`);
    if (this.pinnedAt !== undefined) this.pinnedAt += ms;
    else this.offset += ms;
    this.changed();
  }

  reset() {
    this.offset = 0;
    this.pinnedAt = undefined;
    this.changed();
  }

  /** Called after every change, so due timers fire at once. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const listener of this.listeners) listener();
  }
}
