/**
 * Compression negotiation, read off the raw HTTP/2 response headers: every kind of call (unary, the
 * ActivateJobs long poll, a job stream) must answer that the gateway accepts identity only. A grpc-js client
 * takes its encoding from the last answer on its channel, so one stream answering grpc-js's default
 * (`identity,deflate,gzip`) would put an SDK worker's channel back on gzip.
 */
import http2 from 'node:http2';
import pino from 'pino';
import { gatewayServiceDefinition } from '../../../src/gateway/grpc/proto';
import { type GrpcGateway, startGrpcGateway } from '../../../src/gateway/grpc/server';
import { StubEngine } from './stub-engine';

let gateway: GrpcGateway;
let session: http2.ClientHttp2Session;

beforeEach(async () => {
  gateway = await startGrpcGateway(new StubEngine().api, {
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
  });
  session = http2.connect(`http://127.0.0.1:${gateway.port}`);
});

afterEach(async () => {
  session.close();
  await gateway.close();
});

/** Sends one uncompressed gRPC request and resolves with the response headers (the stream is then cut). */
function responseHeaders(rpc: string, request: object): Promise<http2.IncomingHttpHeaders> {
  const payload = gatewayServiceDefinition()[rpc].requestSerialize(request);
  const frame = Buffer.alloc(5 + payload.length);
  frame.writeUInt32BE(payload.length, 1); // byte 0: 0 = not compressed
  payload.copy(frame, 5);
  const stream = session.request({
    ':method': 'POST',
    ':path': `/gateway_protocol.Gateway/${rpc}`,
    'content-type': 'application/grpc',
    te: 'trailers',
  });
  return new Promise((resolve, reject) => {
    stream.once('response', (headers) => {
      resolve(headers);
      stream.close();
    });
    stream.once('error', reject);
    stream.end(frame);
  });
}

// 5 s each: the long poll and the stream send nothing else for a minute, so their headers must come first
test.each([
  ['Topology', {}],
  ['ActivateJobs', { type: 'pay', worker: 'w', timeout: 1000, maxJobsToActivate: 1, requestTimeout: 60_000 }],
  ['StreamActivatedJobs', { type: 'pay', worker: 'w', timeout: 1000 }],
])(
  '%s answers grpc-accept-encoding: identity',
  async (rpc, request) => {
    const headers = await responseHeaders(rpc, request);
    expect(headers[':status']).toBe(200);
    expect(headers['grpc-accept-encoding']).toBe('identity');
  },
  5_000,
);
