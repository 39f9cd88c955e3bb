/**
 * The commands of batch operations (batch-operations.ts), entries of the command table: create a batch with
 * its items, apply its next slice of items (journaled before it runs, like every command, so a replay applies
 * exactly the slices that ran), suspend, resume and cancel it. Their names are the journal format.
 */
import { command } from '../commands/command';
import { invalidArgument } from '../errors';
import type { BatchItemInput, BatchOperationType } from './batch-operation';

export const batchCommands = {
  batchCreate: command({
    call: (type: BatchOperationType, items: BatchItemInput[], payload?: unknown) => ({
      type,
      // compact on the journal: [itemKey, processInstanceKey] pairs
      items: items.map((i): [string, string] => [i.itemKey, i.processInstanceKey]),
      payload,
    }),
    check: (fields) => {
      if (!Array.isArray(fields.items)) throw invalidArgument("Expected 'items' to be an array");
      return fields;
    },
    apply: (rt, { type, items, payload }) =>
      rt.batchOperations.create(
        type,
        items.map(([itemKey, processInstanceKey]) => ({ itemKey, processInstanceKey })),
        payload,
      ),
  }),
  batchExecute: command({
    call: (batchOperationKey: string, count: number) => ({ key: batchOperationKey, count }),
    apply: (rt, { key, count }) => rt.batchOperations.executeSlice(key, count),
  }),
  batchSuspend: command({
    call: (batchOperationKey: string) => ({ key: batchOperationKey }),
    apply: (rt, { key }) => rt.batchOperations.suspend(key),
  }),
  batchResume: command({
    call: (batchOperationKey: string) => ({ key: batchOperationKey }),
    apply: (rt, { key }) => rt.batchOperations.resume(key),
  }),
  batchCancel: command({
    call: (batchOperationKey: string) => ({ key: batchOperationKey }),
    apply: (rt, { key }) => rt.batchOperations.cancel(key),
  }),
};
