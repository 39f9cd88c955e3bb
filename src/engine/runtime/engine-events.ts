/**
 * What the engine itself does, told to whoever listens (the management port's Prometheus metrics): element
 * instances activated, completed and terminated by element type, jobs created, activated, completed, failed,
 * timed out and cancelled by job type, incidents created and resolved, journal appends and their latency.
 * These are the engine's own events, whatever caused them (a client command, a timer, a batch operation, an
 * expression that failed), as Zeebe counts them where it processes records. Silent while the journal is
 * replayed (`muted`): Zeebe's replay applies events without processing them again, so it counts nothing.
 */

export type ElementAction = 'activated' | 'completed' | 'terminated';
/** Zeebe's JobMetrics actions */
export type JobAction = 'created' | 'activated' | 'completed' | 'failed' | 'timed out' | 'canceled' | 'error thrown';

export type EngineEvent =
  /** `rootProcess`: the element is the process of an instance no call activity created */
  | { kind: 'element'; action: ElementAction; elementType: string; rootProcess: boolean }
  | { kind: 'job'; action: JobAction; jobType: string }
  | { kind: 'incident'; action: 'created' | 'resolved' }
  | { kind: 'journalAppend'; seconds: number };

export type EngineEventListener = (event: EngineEvent) => void;

export class EngineEvents {
  private readonly listeners = new Set<EngineEventListener>();
  /** true while the journal is replayed */
  muted = false;

  /** Registers a listener; returns its removal. */
  on(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** (takes a function so that nothing is built when nobody listens) */
  emit(event: () => EngineEvent) {
    if (this.muted || this.listeners.size === 0) return;
    const e = event();
    for (const listener of this.listeners) listener(e);
  }
}
