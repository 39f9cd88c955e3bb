/**
 * One engine command as the command table (command-table.ts) declares it: how a call of the engine's API becomes
 * its journal record, what the record must satisfy, and what running it does. The engine's method for it, the
 * record's type in the journal and its replay all derive from this one declaration (the command handlers of
 * bpmn-js, the record processors of Zeebe).
 */
import { requireObject } from '../errors';
import type { Runtime } from '../runtime/runtime';

// (methods, not function properties: a table of different commands is then one CommandDefinition type)
export interface CommandDefinition<Args extends unknown[], Called extends object, Fields extends Called, Result> {
  /**
   * The API call's arguments as the fields of its journal record. May throw INVALID_ARGUMENT; what it checks
   * is checked live only (nothing is journaled then).
   */
  call(...args: Args): Called;
  /**
   * Checks and completes the fields, live before they are journaled and again when the record is replayed, so
   * that a record an older engine wrote gets the same treatment (e.g. absent variables become {}).
   */
  check?(fields: Called): Fields;
  /** Runs the command on the runtime (in its slice); throws when the state rejects it, as a replay does again. */
  apply(rt: Runtime, fields: Fields): Result;
  /**
   * Journaled after it ran instead of before, and only when this says it changed something (a job poll that
   * activated nothing changes nothing).
   */
  journalAfter?(result: Result): boolean;
}

/** Declares a command (the types follow from `call`, `check` and `apply`). */
export function command<Args extends unknown[], Called extends object, Result, Fields extends Called = Called>(
  definition: CommandDefinition<Args, Called, Fields, Result>,
): CommandDefinition<Args, Called, Fields, Result> {
  return definition;
}

/** A record's variables as the engine takes them: absent is none, anything but an object is rejected. */
export const withVariables = <F extends { variables?: unknown }>(fields: F) => ({
  ...fields,
  variables: requireObject(fields.variables, 'variables'),
});
