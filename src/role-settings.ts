/**
 * What decides which parts one process runs (BATON_ROLE) and how much unfinished work the API takes on
 * (ORDER_BACKLOG_LIMIT, ORDER_BACKLOG_SECONDS): read by src/config.ts with the rest of the environment.
 */
import { z } from 'zod';
import type { ConfigProblem } from './config';
import { optionalText } from './config-values';

/** all: everything (npm start); api: API and outbox relay; workers: the job workers; engine: the engine alone. */
export const BATON_ROLES = ['all', 'api', 'workers', 'engine'] as const;
export type BatonRole = (typeof BATON_ROLES)[number];

/** Unfinished orders beyond which POST /api/orders answers 503 (src/app/routes/order-admission.ts); 0: no bound. */
const orderBacklogLimit = optionalText.pipe(
  z.string().regex(/^\d+$/, 'must be a whole number of unfinished orders (0: no bound)').transform(Number).optional(),
);

/** Seconds of the workers' recent completion rate the backlog may hold before POST /api/orders answers 503; 0: no bound. */
const orderBacklogSeconds = optionalText.pipe(
  z.string().regex(/^\d+$/, 'must be a whole number of seconds (0: no bound)').transform(Number).optional(),
);

/** Which parts one process runs (src/boot/roles.ts); unset: all of them, as `npm start` always did. */
const batonRole = optionalText.pipe(
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(BATON_ROLES, { error: `must be one of ${BATON_ROLES.join(', ')}` }))
    .optional(),
);

export const roleSettingsEnv = {
  ORDER_BACKLOG_LIMIT: orderBacklogLimit,
  ORDER_BACKLOG_SECONDS: orderBacklogSeconds,
  BATON_ROLE: batonRole,
};

/**
 * A part that runs apart from the others shares their data only through PostgreSQL (PGlite belongs to one
 * process), and workers apart from the engine need its address.
 */
export function roleProblems(
  role: BatonRole | undefined,
  e: { DATABASE_URL?: string; ZEEBE_GRPC_ADDRESS?: string },
): ConfigProblem[] {
  if (role !== 'api' && role !== 'workers') return [];
  const problems: ConfigProblem[] = [];
  if (e.DATABASE_URL === undefined) {
    problems.push({
      variable: 'DATABASE_URL',
      message: `must be set when BATON_ROLE is ${role}: the api and workers processes share the app's data through PostgreSQL (embedded PGlite belongs to one process)`,
    });
  }
  if (role === 'workers' && e.ZEEBE_GRPC_ADDRESS === undefined) {
    problems.push({
      variable: 'ZEEBE_GRPC_ADDRESS',
      message:
        'must be set when BATON_ROLE is workers: the engine (BATON_ROLE=api, engine or all, or a cluster) the workers take jobs from',
    });
  }
  return problems;
}
