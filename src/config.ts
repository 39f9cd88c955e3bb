/**
 * The app's configuration, read once from environment variables and validated with zod.
 * `loadConfig(env)` returns typed settings or throws a ConfigError that names every wrong variable and why,
 * so a misconfigured deployment stops at start with a message a person can act on.
 */
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const AUTH_STRATEGIES = ['NONE', 'OAUTH', 'BASIC', 'BEARER', 'COOKIE'] as const;

/** Docker and shells often pass `VAR=` for "not set": an empty string counts as absent. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const port = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'))
    .default(3000),
);

const databaseUrl = optionalText.pipe(
  z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/[^/]+/.test(value), 'must be a postgres:// or postgresql:// URL')
    .optional(),
);

/** host:port with an optional grpc:// or grpcs:// scheme, as the Camunda SDK accepts it. */
const grpcAddress = optionalText.pipe(
  z
    .string()
    .refine(
      (value) => /^(grpcs?:\/\/)?[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(value),
      'must be host:port, optionally with grpc:// or grpcs:// (e.g. localhost:26500)',
    )
    .optional(),
);

const restAddress = optionalText.pipe(
  z
    .string()
    .refine(
      (value) => /^https?:\/\/[^/\s]+/.test(value),
      'must be an http:// or https:// URL (e.g. http://localhost:8080)',
    )
    .optional(),
);

const apiKey = optionalText.pipe(z.string().min(16, 'must be at least 16 characters long').optional());

const logLevel = optionalText.pipe(
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('info'),
);

const authStrategy = optionalText.pipe(
  z
    .string()
    .transform((value) => value.toUpperCase())
    .pipe(z.enum(AUTH_STRATEGIES, { error: `must be one of ${AUTH_STRATEGIES.join(', ')}` }))
    .optional(),
);

const engineData = optionalText.pipe(z.string().min(1).optional());

const envSchema = z.object({
  PORT: port,
  API_KEY: apiKey,
  DATA_DIR: optionalText.pipe(z.string().default('./.data')),
  DATABASE_URL: databaseUrl,
  ZEEBE_GRPC_ADDRESS: grpcAddress,
  ZEEBE_REST_ADDRESS: restAddress,
  CAMUNDA_AUTH_STRATEGY: authStrategy,
  LOG_LEVEL: logLevel,
  ENGINE_DATA: engineData,
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  /** Bearer key guarding write endpoints; undefined means the app generates one at first start. */
  apiKey?: string;
  dataDir: string;
  /** PostgreSQL connection string; undefined means embedded PGlite under `${dataDir}/pglite`. */
  databaseUrl?: string;
  /** A Zeebe gateway to use instead of the embedded engine. */
  zeebeGrpcAddress?: string;
  zeebeRestAddress?: string;
  camundaAuthStrategy?: (typeof AUTH_STRATEGIES)[number];
  logLevel: LogLevel;
  /** 'memory' or a directory for the embedded engine's journal (default `${dataDir}/engine`). */
  engineData: string;
  /** True when no external Zeebe address is configured. */
  embeddedEngine: boolean;
}

export interface ConfigProblem {
  variable: string;
  message: string;
  /** The value that was given (absent when the variable was missing). */
  value?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration: ${problems
        .map((p) => `${p.variable} ${p.message}${p.value === undefined ? '' : ` (got ${JSON.stringify(p.value)})`}`)
        .join('; ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Values that must not be echoed back in an error message. */
const SECRET_VARIABLES = new Set(['API_KEY', 'DATABASE_URL']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): ConfigProblem => {
      const variable = String(issue.path[0] ?? 'environment');
      const given = env[variable];
      return {
        variable,
        message: issue.message,
        value: given === undefined || SECRET_VARIABLES.has(variable) ? undefined : given,
      };
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: ConfigProblem[] = [];
  if (e.ZEEBE_REST_ADDRESS && !e.ZEEBE_GRPC_ADDRESS) {
    problems.push({
      variable: 'ZEEBE_GRPC_ADDRESS',
      message: 'must be set when ZEEBE_REST_ADDRESS is set (the workers talk gRPC to the same cluster)',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    apiKey: e.API_KEY,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    zeebeGrpcAddress: e.ZEEBE_GRPC_ADDRESS,
    zeebeRestAddress: e.ZEEBE_REST_ADDRESS,
    camundaAuthStrategy: e.CAMUNDA_AUTH_STRATEGY,
    logLevel: e.LOG_LEVEL,
    engineData: e.ENGINE_DATA ?? path.join(e.DATA_DIR, 'engine'),
    embeddedEngine: e.ZEEBE_GRPC_ADDRESS === undefined,
  };
}
