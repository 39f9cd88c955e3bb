/**
 * The cluster credentials the toolkit's REST calls present, from the environment a test runs in. Camunda's
 * docs and @camunda8/sdk (gRPC, workers) spell the client credentials ZEEBE_CLIENT_*, the REST client
 * (@camunda8/orchestration-cluster-api) CAMUNDA_CLIENT_*: either spelling reaches the REST client, explicitly,
 * so a suite that sets up its workers with ZEEBE_CLIENT_* reads state with the same credentials.
 */
type Env = Record<string, string | undefined>;

function firstSet(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

export function restClientCredentials(env: Env = process.env): Record<string, string> {
  const settings: Record<string, string | undefined> = {
    CAMUNDA_CLIENT_ID: firstSet(env, 'CAMUNDA_CLIENT_ID', 'ZEEBE_CLIENT_ID'),
    CAMUNDA_CLIENT_SECRET: firstSet(env, 'CAMUNDA_CLIENT_SECRET', 'ZEEBE_CLIENT_SECRET'),
    CAMUNDA_OAUTH_URL: firstSet(env, 'CAMUNDA_OAUTH_URL'),
    CAMUNDA_TOKEN_AUDIENCE: firstSet(env, 'CAMUNDA_TOKEN_AUDIENCE', 'ZEEBE_TOKEN_AUDIENCE'),
    CAMUNDA_BASIC_AUTH_USERNAME: firstSet(env, 'CAMUNDA_BASIC_AUTH_USERNAME'),
    CAMUNDA_BASIC_AUTH_PASSWORD: firstSet(env, 'CAMUNDA_BASIC_AUTH_PASSWORD'),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
