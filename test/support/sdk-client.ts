/**
 * An unmodified @camunda8/sdk client pointed at a gateway, set up for tests: no auth, plaintext, no SDK
 * logging, no client-side retries (a rejection reaches the test at once), a short worker poll interval, and
 * no timers left behind after close (so jest exits at once).
 */
import { Camunda8 } from '@camunda8/sdk';

export function sdkClient(grpcAddress: string, restAddress?: string): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ...(restAddress ? { ZEEBE_REST_ADDRESS: restAddress } : {}),
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_LOG_LEVEL: 'none',
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50,
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      // the SDK debounces "channel ready" with an un-unref'd timer of this length: keep jest from waiting on it
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
    },
  });
}
