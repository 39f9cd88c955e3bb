/**
 * The journal records that are not client commands of the table (command-table.ts), each with its shape and its
 * replay: a deployment (its store is awaited), what happened between commands (a real-time timer tick, a job
 * pushed to a stream, one more slice of a long command), the clock as a client changed it, and what a replay must
 * know about the records around it (the run's slice size, a FEEL evaluation over its budget). Their `c` names
 * are the journal format, never rename one.
 */
import type { DeployResource } from '../engine-api';
import type { BudgetExcess } from '../runtime/feel-budgets';
import type { Runtime } from '../runtime/runtime';
import type { CommandRunner } from './command-runner';

export interface ReplayHost {
  readonly runtime: Runtime;
  readonly commands: CommandRunner;
  deploy(resources: DeployResource[]): Promise<unknown>;
  /** runs something and the steps it causes, as a command runs (step-slices.ts) */
  process<T>(run: () => T): T;
}

interface RecordKind<Fields extends object> {
  /** replays the record; a promise is awaited before the next record */
  replay(host: ReplayHost, record: Fields): void | Promise<void>;
}

const kind = <Fields extends object>(replay: RecordKind<Fields>['replay']): RecordKind<Fields> => ({ replay });

export const engineRecords = {
  deploy: kind<{ resources: { name: string; content: string }[] }>(async (host, { resources }) => {
    await host.deploy(resources).catch(() => undefined); // (rejected when it first ran too)
  }),
  /** a timer or job deadline that fell due in real time, between commands */
  tick: kind<object>((host) => host.runtime.due.fireDue(true)),
  /** a job activated for a stream (StreamActivatedJobs), pushed to the same worker */
  streamed: kind<{ key: string; worker: string; timeout: number }>((host, { key, worker, timeout }) => {
    host.process(() => host.runtime.jobs.activateSpecific(key, worker, timeout));
  }),
  /** one more slice of a long-running command's steps (step-slices.ts) */
  continue: kind<object>((host) => {
    host.runtime.steps.continueNext();
  }),
  /**
   * Written before a run's first record: the commands after it ran in slices of `steps` (step-slices.ts).
   * Records before any such mark come from engines that ran every command to its end (see replay.ts).
   */
  slices: kind<{ steps: number }>((host, { steps }) => {
    host.runtime.steps.stepsPerSlice = steps;
  }),
  /** the clock as a client changed it (clock-commands.ts); later: what fell due fired at a 'tick' after */
  clock: kind<{ pinnedAt?: number; offset: number; later?: true }>((host, { pinnedAt, offset, later }) => {
    host.runtime.clock.restore({ pinnedAt, offset });
    if (!later) host.runtime.due.fireDue(true);
  }),
  /**
   * Not a command: a FEEL evaluation of the command `back` records earlier went over its budget
   * (feel-budgets.ts); replay.ts hands it to that command, which goes over the same way.
   */
  feelBudget: kind<{ back: number } & BudgetExcess>(() => {}),
};

type Kinds = typeof engineRecords;
type FieldsOf<K extends keyof Kinds> = Kinds[K] extends RecordKind<infer Fields> ? Fields : never;

export type EngineRecord = { [K in keyof Kinds]: { c: K } & FieldsOf<K> }[keyof Kinds];
