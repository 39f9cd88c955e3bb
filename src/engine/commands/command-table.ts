/**
 * Every client command of the engine, declared once (command.ts): the engine's methods (engine.ts), the records
 * of the journal (journal-record.ts) and their replay (replay.ts) all come from this table. The record's `c` is
 * the command's name here: these names are the journal format, never rename one.
 */

import { batchCommands } from '../batch/batch-commands';
import { adHocCommands } from './ad-hoc-commands';
import type { CommandDefinition } from './command';
import { conditionalCommands } from './conditional-commands';
import { decisionCommands } from './decision-commands';
import { eventCommands } from './event-commands';
import { instanceCommands } from './instance-commands';
import { jobCommands } from './job-commands';
import { operateCommands } from './operate-commands';
import { userCommands } from './user-commands';

export const commandTable = {
  ...instanceCommands,
  ...jobCommands,
  ...eventCommands,
  ...userCommands,
  ...decisionCommands,
  ...conditionalCommands,
  ...adHocCommands,
  ...operateCommands,
  ...batchCommands,
};

type Table = typeof commandTable;
export type CommandName = keyof Table;

/** the arguments of the engine method that runs the command */
export type CommandArgs<C extends CommandName> = Parameters<Table[C]['call']>;
/** what the engine method returns */
export type CommandResult<C extends CommandName> = ReturnType<Table[C]['apply']>;
/** the fields as the API call gives them */
export type CalledFields<C extends CommandName> = ReturnType<Table[C]['call']>;
/** the fields as they are journaled and applied */
export type CommandFields<C extends CommandName> =
  Table[C] extends CommandDefinition<infer _Args, infer _Called, infer Fields, infer _Result> ? Fields : never;

/** the journal records of the client commands: `{ c: name, ...fields }` */
export type CommandRecord = { [C in CommandName]: { c: C } & CommandFields<C> }[CommandName];

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(commandTable, name);
