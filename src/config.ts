/**
 * The app's configuration, read once from environment variables and validated with zod.
 * `loadConfig(env)` returns typed settings or throws a ConfigError that names every wrong variable and why,
 * so a misconfigured deployment stops at start with a message a person can act on.
 */
import path from 'node:path';
import { z } from 'zod';
import { normaliseRestAddress, restAddressBeside } from './cluster-addresses';
import { optionalText } from './config-values';
import type { FeelLimits } from './engine/feel/feel-budget';
import { exposureProblems } from './engine-security/exposure';
import {
  ENGINE_SECURITY_SECRETS,
  type EngineSecurity,
  engineSecurityEnv,
  engineSecurityFrom,
} from './engine-security/security-settings';
import { engineLimitsEnv } from './engine-settings';
import { eventSettingsEnv } from './event-settings';
import type { RequestLimits } from './gateway/request-limits';
import { type BatonRole, roleProblems, roleSettingsEnv } from './role-settings';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/**
 * What both of the app's clients take: @camunda8/sdk (gRPC, workers) also knows BEARER and COOKIE, but
 * @camunda8/orchestration-cluster-api (the REST state reader) only these three, and would refuse the others
 * only after the models are deployed and the workers started.
 */
const AUTH_STRATEGIES = ['NONE', 'OAUTH', 'BASIC'] as const;

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
    .transform(normaliseRestAddress)
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
    .pipe(
      z.enum(AUTH_STRATEGIES, {
        error: `must be one of ${AUTH_STRATEGIES.join(', ')} (what both the Camunda SDK and its REST client support)`,
      }),
    )
    .optional(),
);

const engineData = optionalText.pipe(z.string().min(1).optional());

const oauthUrl = optionalText.pipe(
  z
    .string()
    .refine((value) => /^https?:\/\/[^/\s]+/.test(value), 'must be an http:// or https:// URL of the token endpoint')
    .optional(),
);

/** Where the outbox relay POSTs notifications; absent: they are written to the log (src/app/outbox/). */
const outboxWebhookUrl = optionalText.pipe(
  z
    .string()
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be an http:// or https:// URL that receives the outbox messages (e.g. http://localhost:4000/outbox)')
    .optional(),
);

const outboxPollInterval = optionalText.pipe(
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(10, 'must be between 10 and 60000 milliseconds')
        .max(60_000, 'must be between 10 and 60000 milliseconds'),
    )
    .default(500),
);

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
  ...engineLimitsEnv,
  OUTBOX_WEBHOOK_URL: outboxWebhookUrl,
  OUTBOX_POLL_INTERVAL_MS: outboxPollInterval,
  ...eventSettingsEnv,
  ...roleSettingsEnv,
  // credentials for an external cluster: @camunda8/sdk (gRPC, workers) spells them ZEEBE_CLIENT_*, the REST
  // client (@camunda8/orchestration-cluster-api) CAMUNDA_CLIENT_*; either spelling works for both
  ZEEBE_CLIENT_ID: optionalText,
  ZEEBE_CLIENT_SECRET: optionalText,
  CAMUNDA_CLIENT_ID: optionalText,
  CAMUNDA_CLIENT_SECRET: optionalText,
  CAMUNDA_OAUTH_URL: oauthUrl,
  ZEEBE_TOKEN_AUDIENCE: optionalText,
  CAMUNDA_TOKEN_AUDIENCE: optionalText,
  CAMUNDA_BASIC_AUTH_USERNAME: optionalText,
  CAMUNDA_BASIC_AUTH_PASSWORD: optionalText,
  ...engineSecurityEnv,
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
  /** The cluster's REST API without `/v2`: ZEEBE_REST_ADDRESS, or http://<gRPC host>:8080 (cluster-addresses.ts) */
  zeebeRestAddress?: string;
  camundaAuthStrategy?: (typeof AUTH_STRATEGIES)[number];
  logLevel: LogLevel;
  /** 'memory' or a directory for the embedded engine's journal (default `${dataDir}/engine`). */
  engineData: string;
  /** journal records between engine snapshots; 0 = none */
  engineSnapshotEvery: number;
  /** ended root process instances the embedded engine keeps queryable, older ones are removed (absent: 10,000) */
  engineHistoryLimit?: number;
  /** free bytes under the engine's journal below which it refuses commands; 0 = unwatched (absent: 64 MiB) */
  engineDiskFreeMin?: number;
  /** how large one request to the embedded engine's gRPC and REST gateways may be (absent: Camunda's defaults) */
  requestLimits?: RequestLimits;
  /** What one FEEL evaluation of the embedded engine may spend (Infinity: unlimited; absent: 1,000,000 items, 1 s) */
  engineFeelLimits?: FeelLimits;
  /** ms between the engine's exports to what its REST API reads (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL); 0: live */
  engineFlushIntervalMs?: number;
  /** True when no external Zeebe address is configured. */
  embeddedEngine: boolean;
  /** How the clients authenticate to an external cluster (empty for the embedded engine). */
  camundaCredentials?: CamundaCredentials;
  /** Where outbox messages are POSTed; undefined: each is written to the log instead. */
  outboxWebhookUrl?: string;
  /** How often the outbox relay looks for messages to deliver (absent: the relay's default, 500 ms). */
  outboxPollIntervalMs?: number;
  /** amqp(s):// URL of the broker stage events go to; undefined: the in-process bus; 'off': not published */
  eventBusUrl?: string;
  /** whether `npm start` runs the loyalty service too (undefined: embedded; off: alone, `npm run loyalty`) */
  loyaltyService?: 'embedded' | 'off';
  /** the API port of the loyalty service when it runs alone (undefined: 3001) */
  loyaltyPort?: number;
  /** How the embedded engine's ports are guarded (src/engine-security/security-settings.ts). */
  engineSecurity: EngineSecurity;
  /** unfinished orders beyond which new ones are refused with 503 (undefined: the default bound; 0: none) */
  orderBacklogLimit?: number;
  /** seconds of the workers' recent rate the backlog may hold (undefined: the default; 0: no time bound) */
  orderBacklogSeconds?: number;
  /** which parts this process runs (undefined: all) */
  batonRole?: BatonRole;
}

export interface CamundaCredentials {
  clientId?: string;
  clientSecret?: string;
  oauthUrl?: string;
  tokenAudience?: string;
  basicUsername?: string;
  basicPassword?: string;
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
const SECRET_VARIABLES = new Set([
  'API_KEY',
  'OUTBOX_WEBHOOK_URL', // webhook URLs often carry their token
  'EVENT_BUS_URL', // broker URLs carry their password
  'DATABASE_URL',
  'ZEEBE_CLIENT_SECRET',
  'CAMUNDA_CLIENT_SECRET',
  'CAMUNDA_BASIC_AUTH_PASSWORD',
  ...ENGINE_SECURITY_SECRETS,
]);

type Env = z.infer<typeof envSchema>;

/** One value from either spelling; a conflict between the two is a problem naming both. */
function eitherOf(e: Env, zeebe: keyof Env, camunda: keyof Env, problems: ConfigProblem[]): string | undefined {
  const a = e[zeebe] as string | undefined;
  const b = e[camunda] as string | undefined;
  if (a !== undefined && b !== undefined && a !== b) {
    problems.push({ variable: camunda, message: `differs from ${zeebe}: set one of them, or both to the same value` });
  }
  return a ?? b;
}

/** CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD when both are set (engine-security/engine-client-credentials.ts). */
function embeddedBasicUser(e: Env): CamundaCredentials {
  return e.CAMUNDA_BASIC_AUTH_USERNAME !== undefined && e.CAMUNDA_BASIC_AUTH_PASSWORD !== undefined
    ? { basicUsername: e.CAMUNDA_BASIC_AUTH_USERNAME, basicPassword: e.CAMUNDA_BASIC_AUTH_PASSWORD }
    : {};
}

/** The credentials the chosen CAMUNDA_AUTH_STRATEGY needs, each missing one named. */
function clusterCredentials(e: Env, problems: ConfigProblem[]): CamundaCredentials {
  const credentials: CamundaCredentials = {
    clientId: eitherOf(e, 'ZEEBE_CLIENT_ID', 'CAMUNDA_CLIENT_ID', problems),
    clientSecret: eitherOf(e, 'ZEEBE_CLIENT_SECRET', 'CAMUNDA_CLIENT_SECRET', problems),
    oauthUrl: e.CAMUNDA_OAUTH_URL,
    tokenAudience: eitherOf(e, 'ZEEBE_TOKEN_AUDIENCE', 'CAMUNDA_TOKEN_AUDIENCE', problems),
    basicUsername: e.CAMUNDA_BASIC_AUTH_USERNAME,
    basicPassword: e.CAMUNDA_BASIC_AUTH_PASSWORD,
  };
  const required: Partial<Record<string, [keyof CamundaCredentials, string][]>> = {
    OAUTH: [
      ['clientId', 'ZEEBE_CLIENT_ID (or CAMUNDA_CLIENT_ID)'],
      ['clientSecret', 'ZEEBE_CLIENT_SECRET (or CAMUNDA_CLIENT_SECRET)'],
      ['oauthUrl', 'CAMUNDA_OAUTH_URL'],
    ],
    BASIC: [
      ['basicUsername', 'CAMUNDA_BASIC_AUTH_USERNAME'],
      ['basicPassword', 'CAMUNDA_BASIC_AUTH_PASSWORD'],
    ],
  };
  for (const [field, variable] of required[e.CAMUNDA_AUTH_STRATEGY ?? 'NONE'] ?? []) {
    if (credentials[field] === undefined) {
      problems.push({ variable, message: `must be set when CAMUNDA_AUTH_STRATEGY is ${e.CAMUNDA_AUTH_STRATEGY}` });
    }
  }
  return Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined));
}

/** Explicit settings for @camunda8/sdk (gRPC client and workers). */
export function sdkCredentialSettings(c: CamundaCredentials): Record<string, string> {
  return definedOnly({
    ZEEBE_CLIENT_ID: c.clientId,
    ZEEBE_CLIENT_SECRET: c.clientSecret,
    CAMUNDA_OAUTH_URL: c.oauthUrl,
    ZEEBE_TOKEN_AUDIENCE: c.tokenAudience,
    CAMUNDA_BASIC_AUTH_USERNAME: c.basicUsername,
    CAMUNDA_BASIC_AUTH_PASSWORD: c.basicPassword,
  });
}

/** Explicit settings for @camunda8/orchestration-cluster-api (the REST v2 state reader). */
export function restCredentialSettings(c: CamundaCredentials): Record<string, string> {
  return definedOnly({
    CAMUNDA_CLIENT_ID: c.clientId,
    CAMUNDA_CLIENT_SECRET: c.clientSecret,
    CAMUNDA_OAUTH_URL: c.oauthUrl,
    CAMUNDA_TOKEN_AUDIENCE: c.tokenAudience,
    CAMUNDA_BASIC_AUTH_USERNAME: c.basicUsername,
    CAMUNDA_BASIC_AUTH_PASSWORD: c.basicPassword,
  });
}

function definedOnly(settings: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** ZEEBE_REST_ADDRESS, or the one beside a plain-text ZEEBE_GRPC_ADDRESS (cluster-addresses.ts). */
function clusterRestAddress(e: Env, problems: ConfigProblem[]): string | undefined {
  if (e.ZEEBE_REST_ADDRESS !== undefined || e.ZEEBE_GRPC_ADDRESS === undefined) return e.ZEEBE_REST_ADDRESS;
  const derived = restAddressBeside(e.ZEEBE_GRPC_ADDRESS);
  if ('address' in derived) return derived.address;
  problems.push({ variable: 'ZEEBE_REST_ADDRESS', message: derived.refused });
  return undefined;
}

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
  const embeddedEngine = e.ZEEBE_GRPC_ADDRESS === undefined;
  const zeebeRestAddress = embeddedEngine ? undefined : clusterRestAddress(e, problems);
  // the embedded engine: only a basic user, which the app's clients use when its API is protected
  const camundaCredentials = embeddedEngine ? embeddedBasicUser(e) : clusterCredentials(e, problems);
  const engineSecurity = engineSecurityFrom(e);
  problems.push(...exposureProblems(engineSecurity, { embeddedEngine, legacyHost: env.ZEEBE_GATEWAY_HOST }));
  problems.push(...roleProblems(e.BATON_ROLE, e));
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: e.PORT,
    apiKey: e.API_KEY,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    zeebeGrpcAddress: e.ZEEBE_GRPC_ADDRESS,
    zeebeRestAddress,
    camundaAuthStrategy: e.CAMUNDA_AUTH_STRATEGY,
    logLevel: e.LOG_LEVEL,
    engineData: e.ENGINE_DATA ?? path.join(e.DATA_DIR, 'engine'),
    engineSnapshotEvery: e.ENGINE_SNAPSHOT_EVERY,
    engineHistoryLimit: e.ENGINE_HISTORY_LIMIT,
    engineDiskFreeMin: e.ENGINE_DISK_FREE_MIN,
    requestLimits: {
      maxMessageSize: e.ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE,
      multipartMaxFileSize: e.SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE,
      multipartMaxRequestSize: e.SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE,
      multipartMaxPartCount: e.SERVER_TOMCAT_MAX_PART_COUNT,
    },
    engineFeelLimits: { maxItems: e.ENGINE_FEEL_MAX_ITEMS, maxMillis: e.ENGINE_FEEL_MAX_TIME_MS },
    engineFlushIntervalMs: e.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL,
    embeddedEngine,
    camundaCredentials,
    outboxWebhookUrl: e.OUTBOX_WEBHOOK_URL,
    outboxPollIntervalMs: e.OUTBOX_POLL_INTERVAL_MS,
    eventBusUrl: e.EVENT_BUS_URL,
    loyaltyService: e.LOYALTY_SERVICE,
    loyaltyPort: e.LOYALTY_PORT,
    engineSecurity,
    orderBacklogLimit: e.ORDER_BACKLOG_LIMIT,
    orderBacklogSeconds: e.ORDER_BACKLOG_SECONDS,
    batonRole: e.BATON_ROLE,
  };
}
