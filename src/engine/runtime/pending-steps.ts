/**
 * Follow-up steps still to run between commands (a long-running command's, see ../step-slices.ts), as a
 * snapshot sees them. Most steps are an element's activation or its completion: those carry what they do
 * as data (`state`), so a snapshot can describe a running loop and a restore rebuild it with the same code
 * (state/engine-restore.ts). A step without it (a termination, an incident's retry) is short-lived: a
 * snapshot waits until none is pending.
 */
export type StepState = { activate: string } | { complete: string };

export type Step = (() => void) & { state?: StepState };

/** A step that says what it does: an element instance's activation or completion. */
export function describedStep(run: () => void, state: StepState): Step {
  const step: Step = run;
  step.state = state;
  return step;
}

export interface PendingSteps {
  /**
   * Steps a slice runs at most; undefined while replaying records of an engine that ran every command to
   * its end (a journal from before slices: replay.ts finishes each command before the next record).
   */
  stepsPerSlice: number | undefined;
  /** the queues of steps still to run, in the order they take turns */
  pendingQueues(): readonly (readonly Step[])[];
  /** whether every step still to run is described (a snapshot can be taken) */
  describable(): boolean;
  /** puts back the queues a snapshot described (restore) */
  restorePending(queues: Step[][]): void;
  /** runs the next slice of pending steps (a 'continue' record in a replay) */
  continueNext(): boolean;
  /** runs every pending step to its end (replaying records from before slices) */
  finishPending(): void;
}
