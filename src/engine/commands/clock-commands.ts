/**
 * The engine clock as clients change it (Zeebe's controlled clock: PUT /v2/clock, POST /v2/clock/reset, the
 * in-process API). Each change is admitted like a command and journaled before anything it made due fires, in
 * the order a replay follows. In the Camunda-like profile what fell due fires on a later turn instead, as
 * Zeebe's due-date checkers fire it, journaled as a 'tick' as real time is. Its record and replay: engine-records.ts.
 */
import type { EngineClock } from '../clock';
import type { DueQueue } from '../due-queue';
import type { JournalRecord } from './journal-record';

export interface ClockHost {
  /** throws when the engine takes no commands (the change would run before its record is refused) */
  admit(): void;
  record(record: JournalRecord): void;
  due(): DueQueue;
}

export class ClockCommands {
  /** Camunda-like profile: what a clock change made due fires after the change answers, not inside it */
  timersLater = false;

  constructor(
    private readonly clock: EngineClock,
    private readonly host: ClockHost,
  ) {}

  now = () => this.clock.now();
  pin = (timestamp: number) => this.change(() => this.clock.pin(timestamp));
  advance = (ms: number) => this.change(() => this.clock.advance(ms));
  reset = () => this.change(() => this.clock.reset());

  private change(change: () => void) {
    this.host.admit();
    const due = this.host.due();
    const suspended = due.suspended;
    due.suspended = true;
    try {
      change();
    } finally {
      due.suspended = suspended;
    }
    const later = this.timersLater ? { later: true as const } : {};
    // what the change made due fires at its record's time, as its replay fires it
    this.clock.held(() => {
      this.host.record({ t: this.clock.now(), c: 'clock', ...this.clock.state(), ...later });
      if (this.timersLater) due.rearm();
      else due.fireDue();
    });
  }
}
