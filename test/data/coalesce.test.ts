import { coalesce } from '../../src/data/coalesce';

/** A set-based write that records each batch it got and finishes when the test says so. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = (inputs: number[]) => {
    batches.push(inputs);
    return new Promise<number[]>((resolve, reject) => {
      gates.push(() =>
        inputs.includes(13) ? reject(new Error('row 13 violates a check')) : resolve(inputs.map((n) => n * 10)),
      );
    });
  };
  const openNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  };
  return { run, batches, openNext };
}

describe('coalesce', () => {
  it('runs the first call at once and the calls that arrive meanwhile as one batch, each getting its own result', async () => {
    const write = gatedWrite();
    const call = coalesce(write.run);
    const first = call(1);
    expect(write.batches).toEqual([[1]]);
    const later = [call(2), call(3), call(4)];
    await write.openNext();
    await expect(first).resolves.toBe(10);
    await write.openNext();
    await expect(Promise.all(later)).resolves.toEqual([20, 30, 40]);
    expect(write.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('retries a failed batch call by call, so only the bad one fails', async () => {
    const write = gatedWrite();
    const call = coalesce(write.run);
    const first = call(1);
    const later = [call(12), call(13), call(14)].map((p) => p.then(String, (e: Error) => e.message));
    for (let i = 0; i < 5; i++) await write.openNext();
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(later)).resolves.toEqual(['120', 'row 13 violates a check', '140']);
    expect(write.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('keeps batches within maxBatch', async () => {
    const write = gatedWrite();
    const call = coalesce(write.run, { maxBatch: 2 });
    const all = [call(1), call(2), call(3), call(4)];
    for (let i = 0; i < 3; i++) await write.openNext();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40]);
    expect(write.batches).toEqual([[1], [2, 3], [4]]);
  });

  it('with gather, lets the first call wait for the rest of the event-loop turn so calls made together share a batch', async () => {
    const write = gatedWrite();
    const call = coalesce(write.run, { gather: true });
    const together = [call(1), call(2)];
    expect(write.batches).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(write.batches).toEqual([[1, 2]]);
    const later = call(3);
    await write.openNext();
    await expect(Promise.all(together)).resolves.toEqual([10, 20]);
    await write.openNext();
    await expect(later).resolves.toBe(30);
    expect(write.batches).toEqual([[1, 2], [3]]);
  });
});
