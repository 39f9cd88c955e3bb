/**
 * fetch() for tests that call a cluster's REST API by hand (status codes, problem+json bodies the SDK hides):
 * it sends the run's credentials when the run has them (CAMUNDA_AUTH_STRATEGY=BASIC with
 * CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD, as TEST_ENGINE=camunda-like or a protected external cluster hands
 * them over), so the same request reaches a protected cluster instead of being refused with 401.
 */
export function clusterCredentials(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.CAMUNDA_AUTH_STRATEGY?.toUpperCase() !== 'BASIC') return {};
  const credentials = `${env.CAMUNDA_BASIC_AUTH_USERNAME ?? ''}:${env.CAMUNDA_BASIC_AUTH_PASSWORD ?? ''}`;
  return { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

export function clusterFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { ...clusterCredentials(), ...(init.headers as Record<string, string>) } });
}
