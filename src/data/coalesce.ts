/**
 * Turns a set-based write (`run(inputs) -> outputs`, one statement for many rows) into a per-call function
 * whose concurrent calls share one statement: the first call runs at once (or, with `gather`, at the end of
 * the event-loop turn); calls that arrive while a statement is in flight wait and run together as the next
 * one. Nothing waits on a timer, and under load the statements per call drop (PGlite runs one statement at
 * a time, and each costs far more than a row). Each caller still resolves only once its own rows are committed.
 *
 * When a batch of several fails, each of its calls is retried alone, so one bad row (a constraint
 * violation) fails only its own caller and never its neighbours.
 */
export type BatchRun<I, O> = (inputs: I[]) => Promise<O[]>;

interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export interface CoalesceOptions {
  /** most inputs per statement (default 100) */
  maxBatch?: number;
  /**
   * Let the first call wait for the rest of the current event-loop turn (setImmediate), so calls made by
   * requests that arrived together share its statement too. Costs microseconds when idle; on an event loop
   * where each statement blocks (PGlite), it is what makes batches form at all.
   */
  gather?: boolean;
}

export function coalesce<I, O>(run: BatchRun<I, O>, options: CoalesceOptions = {}): (input: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 100;
  let queue: Waiting<I, O>[] = [];
  let running = false;

  async function runBatch(batch: Waiting<I, O>[]) {
    try {
      const outputs = await run(batch.map((w) => w.input));
      if (outputs.length !== batch.length) {
        throw new Error(`a batched write returned ${outputs.length} results for ${batch.length} inputs`);
      }
      for (let i = 0; i < batch.length; i++) batch[i].resolve(outputs[i]);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const w of batch) await runBatch([w]);
    }
  }

  async function drain() {
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        await runBatch(batch);
      }
    } finally {
      running = false;
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      if (running) return;
      running = true;
      if (options.gather) setImmediate(() => void drain());
      else void drain();
    });
}
