/**
 * The @camunda8/sdk job workers log through a logger of their own: these route its lines into pino, at the
 * level pino is set to.
 */
import type { Loglevel, ZBCustomLogger } from '@camunda8/sdk/dist/zeebe/types';
import type { Logger } from 'pino';

/** The SDK's log levels, chosen from pino's. */
export function sdkLogLevel(level: string): Loglevel {
  if (level === 'silent') return 'NONE';
  if (level === 'debug' || level === 'trace') return 'DEBUG';
  if (level === 'info') return 'INFO';
  return 'ERROR';
}

type PinoLevel = 'debug' | 'info' | 'warn' | 'error';

/** The SDK's lines carry pino's numeric levels (20 debug, 30 info, 50 error); it writes debug lines to info(). */
function levelOf(entry: Record<string, unknown>, fallback: PinoLevel): PinoLevel {
  const level = entry.level;
  if (typeof level !== 'number') return fallback;
  return level >= 50 ? 'error' : level >= 40 ? 'warn' : level >= 30 ? 'info' : 'debug';
}

/** The SDK hands its logger JSON strings ({ level, message, context, id, ... }); re-emit them through pino. */
export function sdkLogsToPino(logger: Logger): ZBCustomLogger {
  const forward = (fallback: PinoLevel) => (line: string) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      logger[fallback](line);
      return;
    }
    if (typeof entry !== 'object' || entry === null) {
      logger[fallback](line);
      return;
    }
    const { message, level: _level, timestamp: _timestamp, time: _time, ...fields } = entry;
    logger[levelOf(entry, fallback)](fields, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { debug: forward('debug'), info: forward('info'), error: forward('error') };
}
