/**
 * A cluster's two addresses as the app's clients need them: ZEEBE_REST_ADDRESS without a trailing `/v2` (the
 * clients and the UI's passthrough add it, and C8 Run prints the address with it), and, when only
 * ZEEBE_GRPC_ADDRESS is given, the REST address Camunda serves beside a plain-text gateway.
 */

/** Camunda's default port of the REST API, the web apps and the gRPC gateway's sibling (C8 Run, Docker, Helm). */
export const CAMUNDA_DEFAULT_REST_PORT = 8080;

/** `http://localhost:8080/v2/` → `http://localhost:8080`; anything after the host other than `/v2` stays. */
export function normaliseRestAddress(address: string): string {
  return address.replace(/\/+$/, '').replace(/\/v2$/i, '').replace(/\/+$/, '');
}

export type DerivedRestAddress = { address: string } | { refused: string };

/**
 * The REST address beside a gRPC address: Camunda serves REST v2 on port 8080 of the same host (C8 Run,
 * camunda/camunda, the Helm chart's orchestration service). A TLS address (grpcs://, or port 443 as SaaS and
 * ingresses use) is refused: there REST sits behind a path or a host of its own that cannot be guessed.
 */
export function restAddressBeside(grpcAddress: string): DerivedRestAddress {
  const match = /^(grpcs?:\/\/)?(.+):(\d{1,5})$/.exec(grpcAddress);
  if (!match) return { refused: 'cannot be derived from ZEEBE_GRPC_ADDRESS' };
  const [, scheme, host, port] = match;
  if (scheme === 'grpcs://' || port === '443') {
    return {
      refused:
        'must be set when ZEEBE_GRPC_ADDRESS uses TLS (grpcs:// or port 443): only a plain-text gateway has REST on port 8080 of the same host',
    };
  }
  return { address: `http://${host}:${CAMUNDA_DEFAULT_REST_PORT}` };
}
