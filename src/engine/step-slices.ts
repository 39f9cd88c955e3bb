/**
 * How the engine runs a command and the follow-up steps it causes, in bounded slices.
 *
 * A command runs, then its follow-up steps in order (activate the next element, complete a scope, ...),
 * STEPS_PER_SLICE of them (a few more where needed, see drain). Almost every command ends well within that,
 * so it returns with its effects done, as before. A command that causes more (a token loop with no wait
 * state never stops causing more) keeps its remaining steps pending, and they continue in further slices
 * of the same size, each on its own turn of the event loop (setImmediate): HTTP requests, other commands,
 * timers and signals are served in between. As in Zeebe, where such a loop is a stream of records that
 * other work interleaves with, the loop is not killed: it runs until it ends, raises an incident or its
 * instance is cancelled (a cancel terminates the elements the pending steps would activate, so those steps
 * do nothing).
 *
 * Each command's steps are its own queue, so a command that arrives between slices runs its own steps
 * first and returns with them done; several pending queues take turns, one slice each, in a fixed order.
 *
 * Replay: a slice that continues pending steps is journaled before it runs ('continue'), so a replay runs
 * the same slices between the same commands, and the fixed slice size ends each at the same step; a slice runs
 * with the clock held at its record's time, as its replay does. While
 * the engine replays (or is closed, or refuses commands) no slice is scheduled: the journal drives them.
 */

import type { PendingSteps, Step } from './runtime/pending-steps';

/** Follow-up steps one slice runs (see drain): deterministic (a count, not a time), so a replay cuts the same. */
export const STEPS_PER_SLICE = 1000;

export interface SliceHost {
  /** Journals a continuation before it runs; throws when it may not run now (journal failed, disk full). */
  beforeContinue(): void;
  /** Runs a command or slice at one time, the one its journal record holds (the engine clock held, clock.ts). */
  atOneTime<T>(run: () => T): T;
  /** After every command and slice: what the engine does between commands (history limit, job notifications). */
  afterSlice(): void;
  /** A continuation slice failed (a bug: steps do not throw); its queue is dropped. */
  onSliceFailed(err: unknown): void;
}

export class StepSlices implements PendingSteps {
  /** the steps of the command or slice that is running (steps enqueued between commands wait here too) */
  private steps: Step[] = [];
  /** queues of commands that ran out of their slice, in the order they take turns */
  private readonly pending: Step[][] = [];
  private running = false;
  private scheduled: NodeJS.Immediate | undefined;
  /** no slice is scheduled: replaying (the journal drives them), closed, or commands refused */
  private stopped = false;

  stepsPerSlice: number | undefined = STEPS_PER_SLICE;

  constructor(private readonly host: SliceHost) {}

  /** Queues a follow-up step of the command or slice that is running. */
  enqueue(step: Step) {
    this.steps.push(step);
  }

  /** Whether a command or slice is running now. */
  get busy(): boolean {
    return this.running;
  }

  /** The pending queues, in turn order (a snapshot describes them). */
  pendingQueues(): readonly (readonly Step[])[] {
    return this.pending;
  }

  /**
   * Whether a snapshot can describe what is still to run: between commands, every pending step an element's
   * activation or completion (in a loop of events, gateways and sub-processes, at every slice's end).
   */
  describable(): boolean {
    return !this.running && this.steps.length === 0 && this.pending.every((queue) => queue.every((s) => s.state));
  }

  /** Puts back queues a snapshot described (restore), in their turn order. */
  restorePending(queues: Step[][]) {
    for (const queue of queues) if (queue.length > 0) this.pending.push(queue);
    this.schedule();
  }

  /** Runs a command and at most one slice of the steps it causes; a command inside a running one just runs. */
  run<T>(command: () => T): T {
    if (this.running) return command();
    return this.host.atOneTime(() => this.runCommand(command));
  }

  private runCommand<T>(command: () => T): T {
    this.running = true;
    try {
      const result = command();
      this.drain();
      return result;
    } catch (err) {
      this.steps = [];
      throw err;
    } finally {
      this.finishSlice();
    }
  }

  /**
   * Runs one slice of the pending queue whose turn it is (a scheduled turn, or a 'continue' record in a
   * replay); false when nothing was pending or the host refused it.
   */
  continueNext(): boolean {
    if (this.running || this.pending.length === 0) return false;
    this.host.atOneTime(() => {
      this.host.beforeContinue(); // (throws: the queue keeps its turn)
      this.continueSlice();
    });
    return true;
  }

  private continueSlice() {
    const waiting = this.steps;
    this.steps = this.pending.shift() as Step[];
    this.running = true;
    try {
      this.drain();
    } catch (err) {
      this.steps = [];
      this.host.onSliceFailed(err);
    } finally {
      this.finishSlice();
      this.steps.push(...waiting);
    }
  }

  /** Runs every pending step to its end (replaying a journal from before slices, see replay.ts). */
  finishPending() {
    while (this.continueNext());
  }

  /** Stops scheduling slices (replay, refused commands, close); pending queues stay as they are. */
  pause() {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
  }

  /** Schedules slices again, if any are pending. */
  resume() {
    this.stopped = false;
    this.schedule();
  }

  /**
   * Runs the slice: its size in steps, then on until every step left is described (at most as many again),
   * so that a snapshot can be taken at its end even in a loop whose slices would all end on a step that is
   * not (a termination); a function of the steps alone, so a replay ends the slice at the same step.
   */
  private drain() {
    const size = this.stepsPerSlice ?? STEPS_PER_SLICE;
    for (let n = 0; n < 2 * size; n++) {
      if (n >= size && this.steps.every((s) => s.state)) return;
      const step = this.steps.shift();
      if (!step) return;
      step();
    }
  }

  private finishSlice() {
    this.running = false;
    if (this.steps.length > 0) {
      this.pending.push(this.steps);
      this.steps = [];
    }
    this.host.afterSlice();
    this.schedule();
  }

  private schedule() {
    if (this.stopped || this.scheduled || this.pending.length === 0) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = undefined;
      if (this.stopped) return;
      try {
        this.continueNext();
      } catch {
        // refused (journal failed, disk full): paused until the engine resumes them (room on the disk again)
        this.pause();
        return;
      }
      this.schedule();
    });
  }
}
