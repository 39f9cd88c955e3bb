/**
 * What the journal records: every state-changing command as the engine received it, with the engine
 * time it ran at, plus the real-time timer ticks and stream activations that happened between
 * commands. Replaying the records in order on an empty engine rebuilds the same state (keys, times
 * and all), because the engine is deterministic given its commands and their times, and given which FEEL
 * evaluations went over their budget, which the journal records too (the time limit is not deterministic).
 */

import type { StoredUser, UserChanges } from '../../engine-security/user-store';
import type {
  ActivateJobsCommand,
  CreateInstanceCommand,
  JobChangeset,
  PublishMessageCommand,
  UserTaskCommand,
  Variables,
} from '../engine-api';
import type { BudgetExcess } from '../runtime/feel-budgets';

type At<T> = T & { t: number };

export type JournalRecord = At<
  | { c: 'deploy'; resources: { name: string; content: string }[] }
  | { c: 'create'; cmd: CreateInstanceCommand }
  | { c: 'cancel'; key: string }
  | { c: 'setVariables'; key: string; variables: Variables; local: boolean }
  | { c: 'activate'; cmd: ActivateJobsCommand }
  | { c: 'streamed'; key: string; worker: string; timeout: number }
  | { c: 'complete'; key: string; variables: Variables }
  | { c: 'fail'; key: string; retries: number; message: string; backOff: number; variables: Variables }
  | { c: 'throwError'; key: string; code: string; message: string; variables: Variables }
  | { c: 'retries'; key: string; retries: number }
  | { c: 'timeout'; key: string; timeout: number }
  | { c: 'updateJob'; key: string; changeset: JobChangeset }
  | { c: 'publish'; cmd: PublishMessageCommand }
  | { c: 'correlate'; name: string; correlationKey: string; variables: Variables }
  | { c: 'signal'; name: string; variables: Variables }
  | { c: 'resolve'; key: string }
  | { c: 'userTask'; cmd: UserTaskCommand }
  | { c: 'delete'; key: string }
  | { c: 'createUser'; user: StoredUser }
  | { c: 'updateUser'; username: string; changes: UserChanges }
  | { c: 'deleteUser'; username: string }
  | { c: 'tick' }
  /** one more slice of a long-running command's steps (step-slices.ts) */
  | { c: 'continue' }
  /**
   * Written before a run's first record: the commands after it ran in slices of `steps` (step-slices.ts).
   * Records before any such mark come from engines that ran every command to its end (see replay.ts).
   */
  | { c: 'slices'; steps: number }
  | { c: 'clock'; pinnedAt?: number; offset: number; later?: true } // later: what fell due fired at a 'tick' after
  // not a command: a FEEL evaluation of the command `back` records earlier went over its budget (feel-budgets.ts)
  | ({ c: 'feelBudget'; back: number } & BudgetExcess)
>;
