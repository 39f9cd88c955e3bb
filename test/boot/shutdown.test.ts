/**
 * What start-up started is stopped newest first (src/boot/shutdown.ts): a part that fails or hangs is logged
 * and passed over, so the parts before it still stop and the whole stays within its time budget.
 */
import pino from 'pino';
import { StartedParts } from '../../src/boot/shutdown';

function recordingLogger() {
  const lines: { msg: string; part?: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('StartedParts', () => {
  test('stops the parts newest first', async () => {
    const { logger } = recordingLogger();
    const parts = new StartedParts(logger);
    const stopped: string[] = [];
    for (const name of ['database', 'engine', 'workers', 'API']) parts.add(name, async () => void stopped.push(name));
    await parts.closeAll(1_000);
    expect(stopped).toEqual(['API', 'workers', 'engine', 'database']);
  });

  test('a part that fails or hangs is logged and passed over, within the budget', async () => {
    const { logger, lines } = recordingLogger();
    const parts = new StartedParts(logger);
    const stopped: string[] = [];
    parts.add('database', () => void stopped.push('database'));
    parts.add('hanging', () => new Promise<void>(() => {}));
    parts.add('failing', () => {
      throw new Error('cannot stop');
    });
    const startedAt = Date.now();
    await parts.closeAll(300);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(stopped).toEqual(['database']);
    expect(lines.filter((l) => l.msg === 'could not stop cleanly').map((l) => l.part)).toEqual(['failing', 'hanging']);
  });
});
