/**
 * Loads Zeebe's gateway protocol from the zeebe.proto that @camunda8/sdk ships (never a copy), with the
 * same proto-loader options the SDK's own client uses, so both ends agree on field names (as written in
 * the proto), int64 as decimal strings, enums as names and filled-in defaults.
 */
import type * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export const ZEEBE_PROTO_PATH = require.resolve('@camunda8/sdk/dist/proto/zeebe.proto');

let cached: grpc.ServiceDefinition | undefined;

/** The `gateway_protocol.Gateway` service definition (loaded once per process). */
export function gatewayServiceDefinition(): grpc.ServiceDefinition {
  if (!cached) {
    const packageDefinition = loadSync(ZEEBE_PROTO_PATH, {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    cached = packageDefinition['gateway_protocol.Gateway'] as grpc.ServiceDefinition;
    if (!cached) throw new Error(`${ZEEBE_PROTO_PATH} has no service gateway_protocol.Gateway`);
  }
  return cached;
}
