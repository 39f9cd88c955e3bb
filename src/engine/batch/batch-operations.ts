/**
 * The engine's batch operations (batch-operation.ts) as state: created with their items, applied a bounded
 * slice of items per `executeSlice` (a journaled command, batch-commands.ts, so a replay applies the same
 * items in the same slices and a restart goes on after the last slice on the journal, never applying an item
 * twice), suspended, resumed and cancelled with Zeebe's rejection texts. Ended batches beyond
 * MAX_ENDED_BATCHES (or holding more than MAX_ENDED_ITEMS items together) are forgotten, oldest first, like
 * other history; the newest ended batch is always kept. Snapshot and restore are its own.
 */
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { Runtime } from '../runtime/runtime';
import { batchItemKind } from './batch-item-kinds';
import {
  BATCH_OPERATION_TYPES,
  type BatchItemInput,
  type BatchOperation,
  type BatchOperationItemView,
  type BatchOperationType,
  type BatchOperationView,
  batchView,
  itemView,
} from './batch-operation';

/** Ended (completed or cancelled) batches kept queryable, and their items at most; older ones are forgotten. */
export const MAX_ENDED_BATCHES = 100;
export const MAX_ENDED_ITEMS = 100_000;

/** A batch as a snapshot holds it (plain data already). */
export type BatchOperationSnapshot = BatchOperation;

export class BatchOperations {
  /** in creation order (which is key order) */
  private readonly batches = new Map<string, BatchOperation>();

  constructor(private readonly rt: Runtime) {}

  create(type: BatchOperationType, items: BatchItemInput[], payload?: unknown) {
    if (!BATCH_OPERATION_TYPES.includes(type)) throw invalidArgument(`Unknown batch operation type '${type}'`);
    batchItemKind(type); // (rejects a type that does not run here)
    const now = this.rt.clock.now();
    const batch: BatchOperation = {
      key: this.rt.keys.nextKey(),
      type,
      state: 'ACTIVE',
      items: items.map((i) => ({ itemKey: i.itemKey, processInstanceKey: i.processInstanceKey, state: 'ACTIVE' })),
      next: 0,
      payload,
      startDate: now,
      completed: 0,
      failed: 0,
    };
    this.batches.set(batch.key, batch);
    if (batch.items.length === 0) this.end(batch, 'COMPLETED');
    return { batchOperationKey: batch.key, batchOperationType: type };
  }

  /** Applies up to `count` more items of an active batch; each item's rejection makes that item FAILED. */
  executeSlice(key: string, count: number) {
    const batch = this.batches.get(key);
    if (batch?.state !== 'ACTIVE') return; // (suspended or cancelled since the slice was scheduled)
    const kind = batchItemKind(batch.type);
    const end = Math.min(batch.items.length, batch.next + Math.max(1, count));
    for (; batch.next < end; batch.next++) {
      const item = batch.items[batch.next];
      item.processedDate = this.rt.clock.now();
      try {
        kind.apply(this.rt, item, batch.payload);
        item.state = 'COMPLETED';
        batch.completed++;
      } catch (err) {
        item.state = 'FAILED';
        item.errorMessage = err instanceof Error ? err.message : String(err);
        batch.failed++;
      }
    }
    if (batch.next >= batch.items.length) this.end(batch, 'COMPLETED');
  }

  suspend(key: string) {
    const batch = this.require(key, 'suspend');
    if (batch.state !== 'ACTIVE') throw this.invalidState('suspend', batch);
    batch.state = 'SUSPENDED';
  }

  resume(key: string) {
    const batch = this.require(key, 'resume');
    if (batch.state !== 'SUSPENDED') throw this.invalidState('resume', batch);
    batch.state = 'ACTIVE';
  }

  /** Ends a running or suspended batch; its items not applied yet are CANCELED. */
  cancel(key: string) {
    const batch = this.batches.get(key);
    // Zeebe's BatchOperationCancelProcessor answers NOT_FOUND for a batch that has ended, too
    if (!batch || (batch.state !== 'ACTIVE' && batch.state !== 'SUSPENDED')) {
      throw notFound(`Expected to cancel a batch operation with key '${key}', but no such batch operation was found`);
    }
    for (let i = batch.next; i < batch.items.length; i++) batch.items[i].state = 'CANCELED';
    this.end(batch, 'CANCELED');
  }

  /** The key of an active batch with items still to apply (the oldest), if any: what the runner goes on with. */
  nextActive(): string | undefined {
    for (const batch of this.batches.values()) if (batch.state === 'ACTIVE') return batch.key;
    return undefined;
  }

  *views(): Iterable<BatchOperationView> {
    for (const batch of this.batches.values()) yield batchView(batch);
  }

  *itemViews(): Iterable<BatchOperationItemView> {
    for (const batch of this.batches.values()) for (const item of batch.items) yield itemView(batch, item);
  }

  snapshot(): BatchOperationSnapshot[] {
    return structuredClone([...this.batches.values()]);
  }

  restore(state: BatchOperationSnapshot[] | undefined) {
    this.batches.clear();
    for (const batch of structuredClone(state ?? [])) this.batches.set(batch.key, batch);
  }

  private end(batch: BatchOperation, state: 'COMPLETED' | 'CANCELED') {
    batch.state = state;
    batch.endDate = this.rt.clock.now();
    this.forgetBeyondLimit();
  }

  private forgetBeyondLimit() {
    let ended = 0;
    let items = 0;
    for (const batch of this.batches.values()) {
      if (batch.endDate === undefined) continue;
      ended++;
      items += batch.items.length;
    }
    for (const batch of this.batches.values()) {
      if (ended <= 1 || (ended <= MAX_ENDED_BATCHES && items <= MAX_ENDED_ITEMS)) return;
      if (batch.endDate === undefined) continue;
      this.batches.delete(batch.key);
      ended--;
      items -= batch.items.length;
    }
  }

  private require(key: string, action: string): BatchOperation {
    const batch = this.batches.get(key);
    if (!batch)
      throw notFound(
        `Expected to ${action} a batch operation with key '${key}', but no such batch operation was found`,
      );
    return batch;
  }

  private invalidState(action: string, batch: BatchOperation) {
    // (the engine's own status names: an active batch is ACTIVATED there)
    const status = batch.state === 'ACTIVE' ? 'ACTIVATED' : batch.state;
    return failedPrecondition(
      `Expected to ${action} a batch operation with key '${batch.key}', but it has an invalid state '${status}'.`,
    );
  }
}
