/**
 * The commands on Camunda user tasks (runtime/user-tasks.ts: one journal record shape for the four of them) and
 * on the engine's users (engine-security/: journaled with their password hash, never a password).
 */
import type { StoredUser, UserChanges } from '../../engine-security/user-store';
import type { UserTaskChangeset, UserTaskCommand, Variables } from '../engine-api';
import { requireObject } from '../errors';
import { command } from './command';

export const userCommands = {
  userTask: command({
    call: (cmd: UserTaskCommand) => ({ cmd }),
    apply: (rt, { cmd }) => rt.userTasks.apply(cmd),
  }),
  createUser: command({
    call: (user: StoredUser) => ({ user }),
    apply: (rt, { user }) => rt.users.create(user),
  }),
  updateUser: command({
    call: (username: string, changes: UserChanges) => ({ username, changes }),
    apply: (rt, { username, changes }) => rt.users.update(username, changes),
  }),
  deleteUser: command({
    call: (username: string) => ({ username }),
    apply: (rt, { username }) => rt.users.delete(username),
  }),
};

/** The API's four user task calls, as the one 'userTask' command (`run`). */
export function userTaskCalls(run: (cmd: UserTaskCommand) => void) {
  return {
    // (the variables are checked live only: a replay applies the recorded command as it is)
    completeUserTask: (key: string, variables?: Variables) =>
      run({ op: 'complete', key, variables: requireObject(variables, 'variables') }),
    assignUserTask: (key: string, assignee: string, allowOverride: boolean) =>
      run({ op: 'assign', key, assignee, allowOverride }),
    unassignUserTask: (key: string) => run({ op: 'unassign', key }),
    updateUserTask: (key: string, changeset: UserTaskChangeset) => run({ op: 'update', key, changeset }),
  };
}
