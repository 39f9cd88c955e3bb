/**
 * How the embedded engine's ports are guarded, read from Camunda's own setting names where Camunda has one
 * (docs: "Orchestration Cluster Identity configuration"). The defaults are Camunda 8 Run's: basic
 * authentication, an unprotected API and a first user demo/demo — safe only because the engine listens on
 * loopback unless ENGINE_HOST says otherwise, and an unprotected API on another address refuses to start.
 */
import { z } from 'zod';
import { optionalText } from '../config-values';

const flag = (fallback: boolean) =>
  optionalText.pipe(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
      .transform((value) => value === 'true')
      .default(fallback),
  );

const host = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'must be a host name or IP address to listen on (e.g. 127.0.0.1 or 0.0.0.0)')
    .default('127.0.0.1'),
);

const method = optionalText.pipe(
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(['basic'], { error: 'must be basic (the embedded engine has no OIDC provider)' }))
    .default('basic'),
);

const origins = optionalText.transform((value, ctx) => {
  const list = (value ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  for (const origin of list) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      ctx.addIssue({ code: 'custom', message: `must list origins like https://app.example.com (got "${origin}")` });
    }
  }
  return list;
});

/** The settings, merged into the app's environment schema (src/config.ts). */
export const engineSecurityEnv = {
  /** interface both engine ports listen on */
  ENGINE_HOST: host,
  /** an unprotected API on a non-loopback ENGINE_HOST starts only with this set to true */
  ENGINE_ALLOW_UNPROTECTED_EXPOSURE: flag(false),
  /** browser origins allowed to call the engine's REST API; none by default */
  ENGINE_CORS_ORIGINS: origins,
  CAMUNDA_SECURITY_AUTHENTICATION_METHOD: method,
  CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: flag(true),
  CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME: optionalText.pipe(z.string().default('demo')),
  CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: optionalText.pipe(z.string().default('demo')),
  CAMUNDA_SECURITY_INITIALIZATION_USERS_0_NAME: optionalText.pipe(z.string().default('Demo')),
  CAMUNDA_SECURITY_INITIALIZATION_USERS_0_EMAIL: optionalText.pipe(z.string().default('demo@demo.com')),
};

export const ENGINE_SECURITY_SECRETS = ['CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD'];

export interface InitialUser {
  username: string;
  password: string;
  name: string;
  email: string;
}

export interface EngineSecurity {
  host: string;
  method: 'basic';
  /** true: requests without credentials are served (Camunda's unprotected-api) */
  unprotectedApi: boolean;
  allowUnprotectedExposure: boolean;
  corsOrigins: string[];
  /** created at the engine's first start when no user exists yet */
  initialUser: InitialUser;
}

type SecurityEnv = { [K in keyof typeof engineSecurityEnv]: z.output<(typeof engineSecurityEnv)[K]> };

export function engineSecurityFrom(e: SecurityEnv): EngineSecurity {
  return {
    host: e.ENGINE_HOST,
    method: e.CAMUNDA_SECURITY_AUTHENTICATION_METHOD,
    unprotectedApi: e.CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI,
    allowUnprotectedExposure: e.ENGINE_ALLOW_UNPROTECTED_EXPOSURE,
    corsOrigins: e.ENGINE_CORS_ORIGINS,
    initialUser: {
      username: e.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME,
      password: e.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD,
      name: e.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_NAME,
      email: e.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_EMAIL,
    },
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(hostName: string): boolean {
  const h = hostName.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
