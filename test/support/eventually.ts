/**
 * Polling for tests that wait on something eventually consistent (a restarted app, a webhook receiver, an
 * engine's REST view): `eventually` reads until a predicate holds and fails naming what was awaited and
 * what was last seen; `pollFor` returns the first value a check gives other than undefined/false.
 */
/** Polls read() until done(value); fails naming what it waited for and what it last saw. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** Polls `check` (sync or async) every 10 ms until it returns something other than undefined/false. */
export async function pollFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * `await expectSettled(read, settleMs).toEqual(x)`: jest's matchers on a read of a cluster whose reads
 * trail its writes (Camunda's secondary storage). It re-reads until the matcher holds on a read BEGUN at
 * least settleMs after the call — by then everything the cluster had done when the test asked is visible —
 * so a check that something is absent or still so ("not completed", `.not.toContain`, `toBe('ACTIVE')`)
 * cannot pass on a stale read, and one that something is there waits for it. With settleMs 0 (a cluster
 * that reads its own writes) the first read that holds ends it. Fails with jest's own message after the
 * settle window plus timeoutMs.
 */
export function expectSettled<T>(
  read: () => Promise<T>,
  settleMs: number,
  timeoutMs = 10_000,
): jest.AndNot<jest.Matchers<Promise<void>, T>> {
  const matchers = (negated: boolean): unknown =>
    new Proxy(
      {},
      {
        get(_target, name) {
          if (name === 'not') return matchers(!negated);
          return async (...args: unknown[]) => {
            const calledAt = Date.now();
            const deadline = calledAt + settleMs + timeoutMs;
            for (;;) {
              const readAt = Date.now();
              const value = await read();
              try {
                const subject = negated ? expect(value).not : expect(value);
                (subject as unknown as Record<string | symbol, (...a: unknown[]) => void>)[name](...args);
                if (readAt - calledAt >= settleMs) return;
              } catch (error) {
                if (Date.now() > deadline) throw error;
              }
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          };
        },
      },
    );
  return matchers(false) as jest.AndNot<jest.Matchers<Promise<void>, T>>;
}
