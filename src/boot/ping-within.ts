/**
 * Start-up's first call to the embedded engine's gateway. The engine is in this process, so it is up; but the
 * event loop it shares may be busy for seconds while the database opens (PGlite compiles its WebAssembly on it),
 * and one Topology deadline can pass unanswered. Start-up gives such timeouts a few more tries within a budget;
 * any other failure is reported at once.
 */
export async function pingWithin(ping: () => Promise<void>, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    try {
      return await ping();
    } catch (err) {
      const timedOut = /DEADLINE_EXCEEDED/.test(err instanceof Error ? err.message : String(err));
      if (!timedOut || Date.now() >= deadline) throw err;
    }
  }
}
