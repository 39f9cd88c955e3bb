/**
 * The app's pino logger. One root logger per process; modules take a child (`logger.child({ module })`)
 * so every line says where it came from. Tests pass level 'silent' or 'warn'.
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Extra fields on every line, e.g. { service: 'baton' }. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'baton', ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Never log secrets that travel in config or request headers.
    redact: { paths: ['apiKey', 'databaseUrl', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
