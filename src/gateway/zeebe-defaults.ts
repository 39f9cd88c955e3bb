/** Values both gateways (gRPC and REST v2) answer with, as Zeebe 8.8's gateway does. */

/** The version the topology reports for the broker and the gateway. */
export const GATEWAY_VERSION = '8.8.0';

/** Zeebe's gateway waits this long for CreateProcessInstanceWithResult when requestTimeout is 0 (cluster requestTimeout). */
export const DEFAULT_WITH_RESULT_TIMEOUT_MS = 15_000;
