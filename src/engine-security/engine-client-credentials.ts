/**
 * How `npm start`'s own clients (the SDK's gRPC client and workers, the REST state reader) reach the embedded
 * engine: with no credentials while its API is unprotected, else as CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD when
 * both are set, or as the first configured user, as any Camunda client would with CAMUNDA_AUTH_STRATEGY=BASIC.
 * (The first user's password changed through /v2/users must be changed in its setting too, or given as
 * CAMUNDA_BASIC_AUTH_PASSWORD: the setting never rewrites an existing user.)
 */
import type { EngineSecurity } from './security-settings';

export interface EngineClientCredentials {
  authStrategy: 'NONE' | 'BASIC';
  /** CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD when BASIC; both SDK clients read these names */
  credentials: Record<string, string>;
}

export function engineClientCredentials(
  security: EngineSecurity,
  basic: { basicUsername?: string; basicPassword?: string } = {},
): EngineClientCredentials {
  if (security.unprotectedApi) return { authStrategy: 'NONE', credentials: {} };
  const own = basic.basicUsername !== undefined && basic.basicPassword !== undefined;
  return {
    authStrategy: 'BASIC',
    credentials: {
      CAMUNDA_BASIC_AUTH_USERNAME: own ? (basic.basicUsername as string) : security.initialUser.username,
      CAMUNDA_BASIC_AUTH_PASSWORD: own ? (basic.basicPassword as string) : security.initialUser.password,
    },
  };
}

/** The SDK's settings for these credentials (OAuth explicitly off, so no token endpoint is looked for). */
export function sdkSettingsFor(c: EngineClientCredentials): Record<string, string | boolean> {
  return c.authStrategy === 'NONE'
    ? { CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_OAUTH_DISABLED: true }
    : { CAMUNDA_AUTH_STRATEGY: 'BASIC', ...c.credentials };
}
