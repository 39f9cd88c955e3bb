/**
 * The embedded engine's limits and housekeeping settings (snapshots, history, disk, request sizes, FEEL budget),
 * merged into the app's environment schema (src/config.ts). Camunda's own names where Camunda has the setting.
 */
import { z } from 'zod';
import { optionalText } from './config-values';
import { DEFAULT_FEEL_LIMITS } from './engine/feel/feel-budget';
import { DEFAULT_DISK_FREE_MIN } from './engine/journal/disk-space-monitor';
import { DEFAULT_HISTORY_LIMIT } from './engine/runtime/history-retention';
import { DEFAULT_SNAPSHOT_EVERY } from './engine/state/snapshot-state';
import { parseDuration } from './engine/time/duration';
import { DEFAULT_REQUEST_LIMITS } from './gateway/request-limits';

const snapshotEvery = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number of journal records (0 turns snapshots off)')
    .transform(Number)
    .default(DEFAULT_SNAPSHOT_EVERY),
);

const historyLimitMessage = 'must be a whole number of ended process instances to keep, at least 1';
const historyLimit = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, historyLimitMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, historyLimitMessage))
    .default(DEFAULT_HISTORY_LIMIT),
);

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** A size as Zeebe's and Spring's configuration write one (`2GB`, `512MB`, also `512MiB`; units of 1024), in bytes. */
function byteSize(message: string, fallback: number, min = 0) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?\s*([KMGT]i?)?B?$/i, message)
      .transform((value) => {
        const [, amount, prefix = ''] = /^([\d.]+)\s*([KMGT]?)/i.exec(value) as RegExpExecArray;
        return Math.round(Number(amount) * SIZE_UNITS[prefix.toUpperCase()]);
      })
      .pipe(z.number().min(min, message))
      .default(fallback),
  );
}

const diskFreeMin = byteSize(
  'must be a size such as 64MB, 2GB or 0 (bytes without a unit; 0 turns the check off)',
  DEFAULT_DISK_FREE_MIN,
);

const requestSize = (fallback: number) =>
  byteSize('must be a size of at least 1KB, such as 4MB or 10MB (bytes without a unit)', fallback, 1024);

const partCountMessage = 'must be a whole number of parts, at least 1';
const partCount = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, partCountMessage)
    .transform(Number)
    .pipe(z.number().int().min(1, partCountMessage))
    .default(DEFAULT_REQUEST_LIMITS.multipartMaxPartCount),
);

/** A whole number of which 0 means "no limit" (Infinity). */
function limitOrOff(message: string, fallback: number) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, message)
      .transform((value) => (Number(value) === 0 ? Number.POSITIVE_INFINITY : Number(value)))
      .default(fallback),
  );
}
const feelMaxItems = limitOrOff(
  'must be a whole number of items (list and range elements, iterations, string characters) one FEEL evaluation may produce; 0 turns the limit off',
  DEFAULT_FEEL_LIMITS.maxItems,
);
const feelMaxTime = limitOrOff(
  'must be a whole number of milliseconds one FEEL evaluation may take; 0 turns the limit off',
  DEFAULT_FEEL_LIMITS.maxMillis,
);

const flushIntervalMessage =
  'must be a duration such as PT0.5S, PT1S or 500ms (PT0S: searches and GETs read live state)';
/** Camunda's RDBMS exporter flush interval, in ms: how far the REST API's searches and GETs lag the engine. */
const flushInterval = optionalText.pipe(
  z
    .string()
    .refine((value) => durationMs(value) !== undefined, flushIntervalMessage)
    .transform((value) => durationMs(value) as number)
    .default(0),
);

const SIMPLE_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration as Spring binds one: ISO-8601 without months or years (java.time.Duration), or `500ms`, `2s`. */
function durationMs(text: string): number | undefined {
  const simple = /^(\d+)(ms|s|m|h|d)$/i.exec(text);
  if (simple) return Number(simple[1]) * SIMPLE_UNITS[simple[2].toLowerCase()];
  if (!/^P(\d+D)?(T.*)?$/i.test(text)) return undefined;
  try {
    return parseDuration(text).ms(0);
  } catch {
    return undefined;
  }
}

export const engineLimitsEnv = {
  ENGINE_SNAPSHOT_EVERY: snapshotEvery,
  ENGINE_HISTORY_LIMIT: historyLimit,
  ENGINE_DISK_FREE_MIN: diskFreeMin,
  // request size limits of the engine's gateways, under Camunda's own names (src/gateway/request-limits.ts)
  ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE: requestSize(DEFAULT_REQUEST_LIMITS.maxMessageSize),
  SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE: requestSize(DEFAULT_REQUEST_LIMITS.multipartMaxFileSize),
  SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE: requestSize(DEFAULT_REQUEST_LIMITS.multipartMaxRequestSize),
  SERVER_TOMCAT_MAX_PART_COUNT: partCount,
  ENGINE_FEEL_MAX_ITEMS: feelMaxItems,
  ENGINE_FEEL_MAX_TIME_MS: feelMaxTime,
  CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: flushInterval,
};
