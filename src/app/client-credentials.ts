/**
 * What the app's own clients (the SDK's gRPC client and workers, the REST state reader) present: to the
 * embedded engine nothing while its API is unprotected, else its first user's Basic credentials
 * (engine-security/engine-client-credentials.ts); to a cluster what CAMUNDA_AUTH_STRATEGY and its settings name.
 */
import { type Config, restCredentialSettings, sdkCredentialSettings } from '../config';
import { engineClientCredentials, sdkSettingsFor } from '../engine-security/engine-client-credentials';

export interface AppClientCredentials {
  /** settings for @camunda8/sdk */
  sdk: Record<string, string | boolean>;
  /** for @camunda8/orchestration-cluster-api (the REST state reader) */
  rest: { authStrategy?: 'NONE' | 'OAUTH' | 'BASIC'; credentials: Record<string, string> };
}

export function appClientCredentials(config: Config): AppClientCredentials {
  if (config.embeddedEngine) {
    const engine = engineClientCredentials(config.engineSecurity, config.camundaCredentials);
    return { sdk: sdkSettingsFor(engine), rest: engine };
  }
  const strategy = config.camundaAuthStrategy;
  return {
    sdk: {
      ...(strategy ? { CAMUNDA_AUTH_STRATEGY: strategy } : {}),
      // client id/secret, token URL, audience, basic user: whichever spelling the environment used
      ...sdkCredentialSettings(config.camundaCredentials ?? {}),
    },
    rest: {
      authStrategy: strategy as 'NONE' | 'OAUTH' | 'BASIC' | undefined,
      credentials: restCredentialSettings(config.camundaCredentials ?? {}),
    },
  };
}
