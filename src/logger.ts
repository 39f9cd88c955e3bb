/**
 * The app's pino logger. One root logger per process; modules take a child (`logger.child({ module })`)
 * so every line says where it came from. The commands pass LOG_LEVEL (src/config.ts); tests 'silent' or 'warn'.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACT_PATHS, REDACTED } from './request-log-redaction';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Extra fields on every line, e.g. { service: 'baton' }. */
  base?: Record<string, unknown>;
  /** Where lines go instead of stdout (tests). */
  destination?: DestinationStream;
}

/**
 * JSON lines for machines (files, containers, log shippers); on an interactive terminal, one readable line
 * per event instead, so `npm start` is pleasant to watch.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const readable = process.stdout.isTTY === true;
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'baton', ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Never log secrets that travel in config or request headers.
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    options.destination ??
      (readable
        ? // loaded only for a terminal: it costs start-up ~50 ms that JSON logging does not need
          (require('pino-pretty') as typeof import('pino-pretty')).build({
            colorize: true,
            sync: true,
            singleLine: true,
            ignore: 'pid,hostname,service',
            translateTime: 'SYS:HH:MM:ss.l',
          })
        : undefined),
  );
}
