/**
 * An unmodified @camunda8/sdk client pointed at a gateway, set up for tests: no auth (unless asked for the
 * run's credentials), plaintext, no SDK logging, no client-side retries (a rejection reaches the test at
 * once), a short worker poll interval, and no timers left behind after close (so jest exits at once).
 */
import { Camunda8 } from '@camunda8/sdk';

export interface SdkClientOptions {
  /** send the run's Basic credentials (CAMUNDA_AUTH_STRATEGY=BASIC), for a client of the run's protected cluster */
  runCredentials?: boolean;
  /** send these Basic credentials (as CAMUNDA_AUTH_STRATEGY=BASIC does) */
  credentials?: { username: string; password: string };
}

export function sdkClient(grpcAddress: string, restAddress?: string, options: SdkClientOptions = {}): Camunda8 {
  const runBasic = options.runCredentials && process.env.CAMUNDA_AUTH_STRATEGY?.toUpperCase() === 'BASIC';
  const basic =
    options.credentials ??
    (runBasic
      ? { username: process.env.CAMUNDA_BASIC_AUTH_USERNAME, password: process.env.CAMUNDA_BASIC_AUTH_PASSWORD }
      : undefined);
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    ...(restAddress ? { ZEEBE_REST_ADDRESS: restAddress } : {}),
    ...(basic
      ? {
          CAMUNDA_AUTH_STRATEGY: 'BASIC',
          CAMUNDA_BASIC_AUTH_USERNAME: basic.username,
          CAMUNDA_BASIC_AUTH_PASSWORD: basic.password,
        }
      : // CAMUNDA_OAUTH_DISABLED forces NONE whatever the strategy says: only without credentials
        { CAMUNDA_AUTH_STRATEGY: 'NONE' as const, CAMUNDA_OAUTH_DISABLED: true }),
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
