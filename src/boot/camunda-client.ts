/**
 * The app's Camunda SDK client (gRPC for commands and workers) for the embedded engine or a cluster. Its
 * settings are the addresses and credentials start-up hands it; the rest of them the SDK takes from CAMUNDA_*
 * variables itself.
 */
import type { Camunda8 } from '@camunda8/sdk';
import { CamundaEnvironmentConfigurator, constructOAuthProvider } from '@camunda8/sdk/dist/lib';
import { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { ClusterHeaders } from '../app/camunda-rest-forward';
import { type AppClientCredentials, appClientCredentials } from '../app/client-credentials';
import type { Config } from '../config';
import { shareProtoDefinitions } from '../shared-proto-definitions';
import type { StartedParts } from './shutdown';

export interface CamundaAddresses {
  /** grpc://host:port of the gateway */
  grpcAddress: string;
  /** http://host:port of the REST API, without /v2 */
  restAddress?: string;
}

export interface CamundaClient {
  zeebe: ZeebeGrpcClient;
  /**
   * The same gateway without the SDK's retries, for the API's process starts: the SDK backs off and retries
   * RESOURCE_EXHAUSTED for seconds, while the API answers it at once with 503 + Retry-After (zeebe-problem.ts).
   */
  zeebeWithoutRetry(): ZeebeGrpcClient;
  /** what the app's clients present (the REST state reader takes `rest`) */
  credentials: AppClientCredentials;
  /** the headers a request to the cluster carries, as the SDK's REST clients present them */
  clusterHeaders: ClusterHeaders;
  /** the whole SDK, made on first use */
  camunda(): Camunda8;
}

/**
 * The gRPC client set up as Camunda8 sets it up, without loading the whole SDK (its REST clients, zod schemas:
 * ~0.5 s of start-up); the Camunda8 facade is made on first use.
 * @param zeebeGrpcSettings extra SDK gRPC settings (tests: short connection tolerance so no SDK timer outlives close)
 */
export function connectCamunda(
  config: Config,
  addresses: CamundaAddresses,
  parts: StartedParts,
  zeebeGrpcSettings?: Record<string, unknown>,
): CamundaClient {
  shareProtoDefinitions(); // one parse of zeebe.proto for the client and all workers
  const credentials = appClientCredentials(config);
  const sdkSettings = {
    ZEEBE_GRPC_ADDRESS: addresses.grpcAddress,
    ...(addresses.restAddress ? { ZEEBE_REST_ADDRESS: addresses.restAddress } : {}),
    ...credentials.sdk,
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    CAMUNDA_LOG_LEVEL: 'none' as const,
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' as const, ...zeebeGrpcSettings },
  };
  const configuration = CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(sdkSettings);
  const oAuthProvider = constructOAuthProvider(configuration, {
    explicitFromConstructor: 'CAMUNDA_AUTH_STRATEGY' in sdkSettings,
  });
  const zeebe = new ZeebeGrpcClient({ config: configuration, oAuthProvider });
  parts.add('Camunda SDK gRPC client', async () => {
    await zeebe.close();
  });
  let withoutRetry: ZeebeGrpcClient | undefined;
  let camunda: Camunda8 | undefined;
  return {
    zeebe,
    zeebeWithoutRetry: () => {
      if (!withoutRetry) {
        const settings = {
          ...sdkSettings,
          zeebeGrpcSettings: { ...sdkSettings.zeebeGrpcSettings, ZEEBE_GRPC_CLIENT_RETRY: false },
        };
        const made = new ZeebeGrpcClient({
          config: CamundaEnvironmentConfigurator.mergeConfigWithEnvironment(settings),
          oAuthProvider,
        });
        withoutRetry = made;
        parts.add('Camunda SDK gRPC client without retries', async () => {
          await made.close();
        });
      }
      return withoutRetry;
    },
    credentials,
    clusterHeaders: () => oAuthProvider.getHeaders('ZEEBE'),
    camunda: () => {
      if (!camunda) {
        const sdk: typeof import('@camunda8/sdk') = require('@camunda8/sdk');
        camunda = new sdk.Camunda8({ ...sdkSettings, oAuthProvider });
        const made = camunda;
        parts.add('Camunda SDK clients', () => made.closeAllClients());
      }
      return camunda;
    },
  };
}
