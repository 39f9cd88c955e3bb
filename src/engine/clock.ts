/**
 * The engine clock: system time by default, pinned or moved forward by tests (Zeebe's controlled clock).
 * Everything time-based in the engine (timers, job deadlines, message TTLs, FEEL now()) reads it.
 */
export class EngineClock {
  private offset = 0;
  private pinnedAt: number | undefined;
  private readonly listeners = new Set<() => void>();

  /** While the journal replays, time is what the record says it was. */
  private replayTime: number | undefined;

  now(): number {
    return this.replayTime ?? this.pinnedAt ?? Date.now() + this.offset;
  }

  setReplayTime(timestamp: number | undefined) {
    this.replayTime = timestamp;
  }

  /** The clock's setting, as the journal records it. */
  state(): { pinnedAt?: number; offset: number } {
    return { pinnedAt: this.pinnedAt, offset: this.offset };
  }

  restore(state: { pinnedAt?: number; offset: number }) {
    this.pinnedAt = state.pinnedAt;
    this.offset = state.offset;
  }

  pin(timestamp: number) {
    if (!Number.isFinite(timestamp))
      throw new RangeError(`clock timestamp must be a finite epoch ms, got ${timestamp}`);
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
