/**
 * The commands an operator runs on a running instance (Operate's modify and migrate): one journal record
 * each, holding the request as the client sent it, so a replay plans and applies it again the same way.
 */
import { requireObject } from '../errors';
import { type MigrateProcessInstanceCommand, migrateProcessInstance } from '../runtime/migration';
import { type ModifyProcessInstanceCommand, modifyProcessInstance } from '../runtime/modification';
import { command } from './command';

export const operateCommands = {
  modify: command({
    call: (cmd: ModifyProcessInstanceCommand) => ({ cmd }),
    check: ({ cmd }) => ({ cmd: withInstructionVariables(cmd) }),
    apply: (rt, { cmd }) => modifyProcessInstance(rt, cmd),
  }),
  migrate: command({
    call: (cmd: MigrateProcessInstanceCommand) => ({ cmd }),
    check: ({ cmd }) => ({
      cmd: {
        ...cmd,
        migrationPlan: { ...cmd.migrationPlan, mappingInstructions: cmd.migrationPlan?.mappingInstructions ?? [] },
      },
    }),
    apply: (rt, { cmd }) => migrateProcessInstance(rt, cmd),
  }),
};

/** Each variable instruction's variables a JSON object (absent: none), named by where it is in the request. */
function withInstructionVariables(cmd: ModifyProcessInstanceCommand): ModifyProcessInstanceCommand {
  return {
    ...cmd,
    activateInstructions: cmd.activateInstructions?.map((a, i) => ({
      ...a,
      variableInstructions: a.variableInstructions?.map((v, j) => ({
        ...v,
        variables: requireObject(v.variables, `activateInstructions[${i}].variableInstructions[${j}].variables`),
      })),
    })),
  };
}
