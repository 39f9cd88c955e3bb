/**
 * A batch operation as Camunda 8.8 names it: a key, a type, a state, and its items (one process instance or
 * incident each) with their own states. The items are fixed when the batch is created (Zeebe resolves its
 * filter into item keys before it executes any); a batch then applies them in order, a bounded slice at a time.
 */

/** Camunda 8.8's batch operation types (BatchOperationTypeEnum); batch-item-kinds.ts says which run here. */
export const BATCH_OPERATION_TYPES = [
  'CANCEL_PROCESS_INSTANCE',
  'RESOLVE_INCIDENT',
  'MIGRATE_PROCESS_INSTANCE',
  'MODIFY_PROCESS_INSTANCE',
  'DELETE_PROCESS_INSTANCE',
  'ADD_VARIABLE',
  'UPDATE_VARIABLE',
  'DELETE_DECISION_DEFINITION',
  'DELETE_PROCESS_DEFINITION',
] as const;
export type BatchOperationType = (typeof BATCH_OPERATION_TYPES)[number];

/** The states a batch goes through here (8.8's CREATED and PARTIALLY_COMPLETED never occur: see divergences). */
export type BatchOperationState = 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'CANCELED';
export type BatchItemState = 'ACTIVE' | 'COMPLETED' | 'CANCELED' | 'FAILED';

/** One item as the batch is created with it: the key it acts on and the process instance it belongs to. */
export interface BatchItemInput {
  itemKey: string;
  processInstanceKey: string;
}

export interface BatchItem extends BatchItemInput {
  state: BatchItemState;
  /** epoch ms on the engine clock */
  processedDate?: number;
  errorMessage?: string;
}

export interface BatchOperation {
  key: string;
  type: BatchOperationType;
  state: BatchOperationState;
  items: BatchItem[];
  /** index of the next item to apply */
  next: number;
  /** what an item of this type needs beyond its key (a migration plan, move instructions), as the request gave it */
  payload?: unknown;
  startDate: number;
  endDate?: number;
  completed: number;
  failed: number;
}

export interface BatchOperationView {
  batchOperationKey: string;
  batchOperationType: BatchOperationType;
  state: BatchOperationState;
  startDate: number;
  endDate?: number;
  operationsTotalCount: number;
  operationsCompletedCount: number;
  operationsFailedCount: number;
}

export interface BatchOperationItemView extends BatchItemInput {
  batchOperationKey: string;
  operationType: BatchOperationType;
  state: BatchItemState;
  processedDate?: number;
  errorMessage?: string;
}

export function batchView(b: BatchOperation): BatchOperationView {
  return {
    batchOperationKey: b.key,
    batchOperationType: b.type,
    state: b.state,
    startDate: b.startDate,
    endDate: b.endDate,
    operationsTotalCount: b.items.length,
    operationsCompletedCount: b.completed,
    operationsFailedCount: b.failed,
  };
}

export function itemView(b: BatchOperation, item: BatchItem): BatchOperationItemView {
  return { batchOperationKey: b.key, operationType: b.type, ...item };
}
