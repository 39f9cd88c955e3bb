/**
 * The unmodified @camunda8/orchestration-cluster-api client against an engine's REST address, as the REST
 * suites use it: no authentication, the SDK's own logging off.
 */
import { createCamundaClient } from '@camunda8/orchestration-cluster-api';

export type RestClient = ReturnType<typeof createCamundaClient>;

/** A read's options that do not wait: the embedded engine's searches see every change at once. */
export const NOW = { consistency: { waitUpToMs: 0 } } as never;

export function restClientFor(restAddress: string): RestClient {
  return createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: restAddress,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
    },
  } as never);
}
