/**
 * What a batch operation does to one of its items, by batch type: the one table that says which 8.8 batch
 * types this engine runs. Each entry runs, for one item, the command table entry a single client command
 * would run (`applyCommand`: its call, check and apply), so an item is rejected with the text a single command
 * gets and the batch records it FAILED with that text, as Zeebe's batch executors append one ordinary command
 * per item. It is not journaled again: the batch's slice is the journaled command, and its replay applies
 * the same items.
 * A migration batch applies the batch's migration plan to each instance; a modification batch turns its move
 * instructions into one instance's modification, as 8.8 defines a move: every active element instance at
 * `sourceElementId` is terminated and, for each, one at `targetElementId` is activated in the terminated one's
 * flow scope.
 */
import type { CommandDefinition } from '../commands/command';
import { type CommandArgs, type CommandName, commandTable } from '../commands/command-table';
import { invalidArgument } from '../errors';
import { type ElementInstance, isActive } from '../runtime/element-instance';
import type { MigrationPlan } from '../runtime/migration';
import type { ModifyProcessInstanceCommand } from '../runtime/modification';
import type { Runtime } from '../runtime/runtime';
import type { BatchItem, BatchOperationType } from './batch-operation';

export interface BatchItemKind {
  /** Applies the batch's action to one item; throws the engine's rejection when the state refuses it. */
  apply(rt: Runtime, item: BatchItem, payload: unknown): void;
}

/** Runs a command of the table on the runtime as its engine method would, but without journaling it. */
export function applyCommand<C extends CommandName>(rt: Runtime, c: C, ...args: CommandArgs<C>): unknown {
  const definition = commandTable[c] as CommandDefinition<unknown[], object, object, unknown>;
  const called = definition.call(...args);
  return definition.apply(rt, definition.check ? definition.check(called) : called);
}

export const batchItemKinds: Partial<Record<BatchOperationType, BatchItemKind>> = {
  CANCEL_PROCESS_INSTANCE: {
    apply: (rt, item) => applyCommand(rt, 'cancel', item.itemKey),
  },
  RESOLVE_INCIDENT: {
    // as Zeebe's ResolveIncidentBatchOperationExecutor: a job's incident gets the job one retry first
    apply: (rt, item) => {
      const jobKey = rt.incidents.get(item.itemKey)?.view.jobKey;
      if (jobKey !== undefined && (rt.jobs.retriesOf(jobKey) ?? 1) <= 0) applyCommand(rt, 'retries', jobKey, 1);
      applyCommand(rt, 'resolve', item.itemKey);
    },
  },
  // through the command entries, never the engine's methods, which would journal each item a second time
  MIGRATE_PROCESS_INSTANCE: {
    apply: (rt, item, payload) =>
      applyCommand(rt, 'migrate', { processInstanceKey: item.itemKey, migrationPlan: payload as MigrationPlan }),
  },
  MODIFY_PROCESS_INSTANCE: {
    apply: (rt, item, payload) => applyCommand(rt, 'modify', moveAsModification(rt, item.itemKey, payload as Move[])),
  },
};

interface Move {
  sourceElementId: string;
  targetElementId: string;
}

/** One instance's modification for a batch's move instructions (an instance with nothing at a source: no-op). */
export function moveAsModification(
  rt: Runtime,
  processInstanceKey: string,
  moves: Move[],
): ModifyProcessInstanceCommand {
  const cmd: Required<ModifyProcessInstanceCommand> = {
    processInstanceKey,
    activateInstructions: [],
    terminateInstructions: [],
  };
  const root = rt.processInstances.get(processInstanceKey)?.root;
  const active: ElementInstance[] = [];
  const walk = (e: ElementInstance) => {
    for (const child of e.children) {
      if (isActive(child)) active.push(child);
      walk(child);
    }
  };
  if (root) walk(root);
  for (const move of moves) {
    for (const e of active.filter((a) => a.element.id === move.sourceElementId)) {
      cmd.terminateInstructions.push({ elementInstanceKey: e.key });
      cmd.activateInstructions.push({
        elementId: move.targetElementId,
        ancestorElementInstanceKey: e.parent?.key ?? processInstanceKey,
      });
    }
  }
  return cmd;
}

/** The kind that applies items of a batch type, or the rejection of creating a batch of a type not run here. */
export function batchItemKind(type: BatchOperationType): BatchItemKind {
  const kind = batchItemKinds[type];
  if (kind === undefined) {
    throw invalidArgument(`Batch operations of type '${type}' are not yet supported by the embedded engine`);
  }
  return kind;
}
