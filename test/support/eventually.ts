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
