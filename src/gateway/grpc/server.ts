/**
 * Zeebe's gRPC gateway (`gateway_protocol.Gateway`, from the SDK's zeebe.proto) in front of the embedded
 * engine. Unary commands go through backpressure and the acknowledgement barrier; ActivateJobs long-polls;
 * StreamActivatedJobs pushes; every RPC the engine does not serve answers UNIMPLEMENTED, naming itself.
 */
import * as grpc from '@grpc/grpc-js';
import pino, { type Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import type { GatewaySecurity } from '../../engine-security/gateway-security';
import { authenticatedService } from '../../engine-security/grpc-authentication';
import type { OpenRequests } from '../job-long-poll';
import { DEFAULT_REQUEST_LIMITS } from '../request-limits';
import { activateJobsHandler } from './activate-jobs';
import { exemptFromBackpressure, InFlightLimiter } from './backpressure';
import { acceptIdentityOnly } from './compression';
import { acknowledgementBarrier, type GatewayContext, type GatewayEngine } from './context';
import { toServiceError } from './errors';
import { streamActivatedJobsHandler } from './job-stream';
import { gatewayServiceDefinition } from './proto';
import { type UnaryHandler, unaryHandlers } from './unary-handlers';

export interface GrpcGatewayOptions {
  /** 0 picks a free port (tests) */
  port: number;
  /** interface to listen on; default 127.0.0.1 (ENGINE_HOST; Zeebe's gateway takes 0.0.0.0) */
  host?: string;
  logger?: Logger;
  /** unary commands in flight before RESOURCE_EXHAUSTED; default 1000 */
  maxInFlight?: number;
  /** bytes of one received message (Zeebe's maxMessageSize); default 4 MB */
  maxMessageSize?: number;
  /** users and whether calls need their credentials; absent: no authentication (tests of the gateway alone) */
  security?: GatewaySecurity;
}

export interface GrpcGateway {
  /** the port actually bound */
  port: number;
  /** Ends open long polls and job streams, then stops the server. The engine stays open. */
  close(): Promise<void>;
}

/** How long close() lets in-flight calls finish before cutting them. */
const SHUTDOWN_GRACE_MS = 2_000;

export async function startGrpcGateway(engine: EngineApi, opts: GrpcGatewayOptions): Promise<GrpcGateway> {
  const logger = (opts.logger ?? pino({ level: 'info' })).child({ module: 'grpc-gateway' });
  const host = opts.host ?? '127.0.0.1';
  // a larger message is refused by gRPC itself, as Zeebe's gateway does: RESOURCE_EXHAUSTED naming the limit
  const maxMessageSize = opts.maxMessageSize ?? DEFAULT_REQUEST_LIMITS.maxMessageSize;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxMessageSize });
  const openCalls: OpenRequests = new Set();
  const limiter = new InFlightLimiter(opts.maxInFlight);
  const advertised = { host: host === '0.0.0.0' || host === '::' ? 'localhost' : host, port: opts.port };
  const ctx: GatewayContext = { engine, logger, durable: acknowledgementBarrier(engine as GatewayEngine), advertised };

  const definition = gatewayServiceDefinition();
  const unary = unaryHandlers(ctx);
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [rpc, method] of Object.entries(definition)) {
    if (rpc === 'ActivateJobs') implementation[rpc] = activateJobsHandler(ctx, openCalls);
    else if (rpc === 'StreamActivatedJobs') implementation[rpc] = streamActivatedJobsHandler(ctx, openCalls);
    else if (unary[rpc] && !method.responseStream) implementation[rpc] = unaryCall(rpc, unary[rpc], ctx, limiter);
    else implementation[rpc] = unimplemented(rpc, method.responseStream);
  }
  server.addService(
    definition,
    opts.security ? authenticatedService(implementation, definition, opts.security) : implementation,
  );

  const address = host.includes(':') ? `[${host}]:${opts.port}` : `${host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  advertised.port = port;
  logger.info({ address: `${host}:${port}` }, 'Zeebe gRPC gateway listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const end of [...openCalls]) end();
        const force = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          logger.info('Zeebe gRPC gateway stopped');
          resolve();
        });
      });
      return closing;
    },
  };
}

/** Runs a unary handler: backpressure slot, engine call, acknowledgement once durable, error mapping. */
function unaryCall(
  rpc: string,
  handler: UnaryHandler,
  ctx: GatewayContext,
  limiter: InFlightLimiter,
): grpc.handleUnaryCall<unknown, unknown> {
  const isCommand = handler.command !== false;
  const counted = isCommand && !exemptFromBackpressure(rpc);
  return (call, callback) => {
    acceptIdentityOnly(call);
    if (counted && !limiter.tryAcquire()) {
      callback(limiter.exhausted(rpc));
      return;
    }
    const fail = (err: unknown) => {
      if (counted) limiter.release();
      callback(toServiceError(err, rpc, handler.intent, ctx.logger));
    };
    const answer = (response: unknown) => {
      if (!isCommand) return callback(null, response);
      ctx.durable().then(() => {
        if (counted) limiter.release();
        callback(null, response);
      }, fail);
    };
    try {
      const result = handler.handle(call.request);
      if (result instanceof Promise) result.then(answer, fail);
      else answer(result);
    } catch (err) {
      fail(err);
    }
  };
}

function unimplemented(rpc: string, responseStream: boolean) {
  const details = `${rpc} is not supported by the embedded engine yet (Baton's Zeebe-compatible gateway); use a real Zeebe cluster for it`;
  const error: grpc.ServerErrorResponse = {
    name: 'Unimplemented',
    message: details,
    code: grpc.status.UNIMPLEMENTED,
    details,
  };
  if (responseStream) return (call: grpc.ServerWritableStream<unknown, unknown>) => call.emit('error', error);
  return (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(error);
}
