/**
 * A bare @grpc/grpc-js client of Zeebe's gateway service, for requests the SDK would never send
 * (malformed JSON, hand-picked requestTimeouts) and for watching a call's raw status.
 */
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ZEEBE_PROTO_PATH } from '../../../src/gateway/grpc/proto';

type Callback = (err: grpc.ServiceError | null, response?: Record<string, unknown>) => void;
export type RawGatewayClient = grpc.Client &
  Record<string, (request: object, callback: Callback) => grpc.ClientUnaryCall> & {
    ActivateJobs(
      request: object,
      metadata?: grpc.Metadata,
    ): grpc.ClientReadableStream<{ jobs: Record<string, unknown>[] }>;
    StreamActivatedJobs(request: object): grpc.ClientReadableStream<Record<string, unknown>>;
  };

export function rawClient(port: number): RawGatewayClient {
  const definition = loadSync(ZEEBE_PROTO_PATH, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    gateway_protocol: { Gateway: grpc.ServiceClientConstructor };
  };
  return new proto.gateway_protocol.Gateway(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as RawGatewayClient;
}

/** A unary call as a promise: resolves with the response, rejects with the ServiceError. */
export function unary(client: RawGatewayClient, rpc: string, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) =>
    client[rpc](request, (err, response) => (err ? reject(err) : resolve(response ?? {}))),
  );
}

/** Collects a server stream until it ends; resolves with the messages and the final status. */
export function collect<T>(
  stream: grpc.ClientReadableStream<T>,
): Promise<{ messages: T[]; status: grpc.StatusObject }> {
  const messages: T[] = [];
  return new Promise((resolve) => {
    stream.on('data', (m: T) => messages.push(m));
    stream.on('error', () => {}); // the status event carries it
    stream.on('status', (status: grpc.StatusObject) => resolve({ messages, status }));
  });
}
