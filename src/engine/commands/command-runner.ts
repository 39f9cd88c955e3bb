/**
 * Runs the client commands of the table (command-table.ts) the one way they run: checked, admitted, journaled
 * before they run (Zeebe's "on the log first"; a job poll after, and only when it activated something), then run
 * with the steps they cause in slices, the clock held at the record's time. A replay runs its records the same way
 * (its journal writes nothing).
 */
import type { Runtime } from '../runtime/runtime';
import type { CommandDefinition } from './command';
import {
  type CalledFields,
  type CommandArgs,
  type CommandName,
  type CommandRecord,
  type CommandResult,
  commandTable,
} from './command-table';
import type { JournalRecord } from './journal-record';

export interface CommandHost {
  readonly runtime: Runtime;
  /** throws the reason no command may run now, if there is one */
  admit(): void;
  /** appends to the journal; throws when it cannot (the command then does not run) */
  record(record: JournalRecord): void;
  /** runs a command and the steps it causes (the rest in later slices) */
  process<T>(run: () => T): T;
  now(): number;
}

type AnyCommand = CommandDefinition<unknown[], object, object, unknown>;

export class CommandRunner {
  constructor(private readonly host: CommandHost) {}

  /** An engine method's call: its arguments become the command's record, which then runs. */
  call<C extends CommandName>(c: C, ...args: CommandArgs<C>): CommandResult<C> {
    const definition: AnyCommand = commandTable[c];
    return this.run(c, definition.call(...args) as CalledFields<C>);
  }

  private run<C extends CommandName>(c: C, called: CalledFields<C>): CommandResult<C> {
    const definition: AnyCommand = commandTable[c];
    const fields = definition.check ? definition.check(called) : called;
    // the record's time is the time it applies at, as in a replay of it (clock.ts hold)
    return this.host.runtime.clock.held(() => {
      const record = { t: this.host.now(), c, ...fields } as JournalRecord;
      this.host.admit();
      if (!definition.journalAfter) this.host.record(record);
      const result = this.host.process(() => definition.apply(this.host.runtime, fields));
      if (definition.journalAfter?.(result)) this.host.record(record);
      return result as CommandResult<C>;
    });
  }

  /** Runs a command's journal record again (at the time the replay set: the record's `t`). */
  replay({ t: _t, c, ...fields }: CommandRecord & { t: number }) {
    this.run(c, fields as CalledFields<typeof c>);
  }
}
