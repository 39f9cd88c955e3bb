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
  /** While a command or slice runs, time is what its journal record says (see hold). */
  private heldAt: number | undefined;

  now(): number {
    return this.replayTime ?? this.heldAt ?? this.pinnedAt ?? Date.now() + this.offset;
  }

  /**
   * Runs `run` with the clock standing at `timestamp`: a command (or slice, or timer tick) applies at the time
   * its journal record holds, so what it writes (dates, job deadlines, timer due times) is what a replay of the
   * record, which runs at that time, writes too.
   */
  hold<T>(timestamp: number, run: () => T): T {
    const before = this.heldAt;
    this.heldAt = timestamp;
    try {
      return run();
    } finally {
      this.heldAt = before;
    }
  }

  /** Runs `run` with the clock held at its reading now (inside a hold: the time held already). */
  held<T>(run: () => T): T {
    return this.hold(this.now(), run);
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
