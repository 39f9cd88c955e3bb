/**
 * What start-up has started, as a list of parts to stop: each step adds its part once it runs, and `closeAll`
 * stops them newest first (the API before the workers, the workers before the database), giving up waiting on
 * a part once the time budget is spent, so one hung part cannot keep the process from exiting.
 */
import type { Logger } from 'pino';

export type Close = () => Promise<void> | void;

export class StartedParts {
  private readonly parts: { name: string; close: Close }[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, close: Close): void {
    this.parts.push({ name, close });
  }

  async closeAll(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const part of [...this.parts].reverse()) {
      const left = Math.max(deadline - Date.now(), 100);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(part.close),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not stop within ${left} ms`)), left);
          }),
        ]);
        this.logger.debug({ part: part.name }, 'stopped');
      } catch (err) {
        this.logger.warn({ part: part.name, err }, 'could not stop cleanly');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}
