/**
 * How `npm start`'s own clients (the SDK's gRPC client and workers, the REST state reader) reach the embedded
 * engine: with no credentials while its API is unprotected, else as the first configured user, as any
 * Camunda client would with CAMUNDA_AUTH_STRATEGY=BASIC. (That user's password changed through /v2/users
 * must be changed in CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD too: the setting never rewrites it.)
 */
import type { EngineSecurity } from './security-settings';

export interface EngineClientCredentials {
  authStrategy: 'NONE' | 'BASIC';
  /** CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD when BASIC; both SDK clients read these names */
  credentials: Record<string, string>;
}

export function engineClientCredentials(security: EngineSecurity): EngineClientCredentials {
  if (security.unprotectedApi) return { authStrategy: 'NONE', credentials: {} };
  return {
    authStrategy: 'BASIC',
    credentials: {
      CAMUNDA_BASIC_AUTH_USERNAME: security.initialUser.username,
      CAMUNDA_BASIC_AUTH_PASSWORD: security.initialUser.password,
    },
  };
}

/** The SDK's settings for these credentials (OAuth explicitly off, so no token endpoint is looked for). */
export function sdkSettingsFor(c: EngineClientCredentials): Record<string, string | boolean> {
  return c.authStrategy === 'NONE'
    ? { CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_OAUTH_DISABLED: true }
    : { CAMUNDA_AUTH_STRATEGY: 'BASIC', ...c.credentials };
}
