/**
 * gRPC compression negotiation. The SDK's channels compress requests with gzip by default, and a grpc-js
 * client picks its encoding from the `grpc-accept-encoding` of the last response headers on its channel. On
 * loopback gzip is pure cost (a zlib stream per message on both sides), so every call answers that the
 * gateway accepts identity only. It must be every call, streams included: grpc-js's server otherwise sends
 * `identity,deflate,gzip`, and one ActivateJobs answer would turn the worker's channel back to gzip.
 * Compressed requests are still accepted.
 */
import * as grpc from '@grpc/grpc-js';

const IDENTITY_ONLY = new grpc.Metadata();
IDENTITY_ONLY.set('grpc-accept-encoding', 'identity');

/** Sends the response headers now, saying the gateway accepts only uncompressed messages. */
export function acceptIdentityOnly(call: { sendMetadata(metadata: grpc.Metadata): void }): void {
  call.sendMetadata(IDENTITY_ONLY);
}
