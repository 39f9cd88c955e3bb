/**
 * Polling for the assertions: a real Camunda's secondary storage lags the engine, so a check is retried
 * until it holds or the timeout passes. The interval starts small (the embedded engine answers within
 * milliseconds) and backs off so a slow cluster is not hammered.
 */
/** stop: the check can no longer come true, so polling ends before the timeout */
export type CheckResult = { ok: true } | { ok: false; reason: string; stop?: boolean };

export interface PollOptions {
  timeoutMs: number;
  /** first wait between attempts; doubles up to maxIntervalMs */
  intervalMs?: number;
  maxIntervalMs?: number;
}

/** Runs check() until it reports ok or stop; otherwise resolves with the last reason after the timeout. */
export async function pollUntil(check: () => Promise<CheckResult>, options: PollOptions): Promise<CheckResult> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 10;
  const maxInterval = options.maxIntervalMs ?? 250;
  for (;;) {
    const result = await check();
    if (result.ok || result.stop || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(1, deadline - Date.now()))));
    interval = Math.min(maxInterval, interval * 2);
  }
}
