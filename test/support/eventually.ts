/**
 * Polling for tests that wait on something eventually consistent (a restarted app, a webhook receiver):
 * read until done, or fail naming what was awaited and what was last seen.
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
