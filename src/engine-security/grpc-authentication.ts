/**
 * Authentication on the engine's gRPC port, as Zeebe's AuthenticationInterceptor with basic authentication:
 * every call needs `authorization: Basic …` metadata of a user (the SDK sends it with
 * CAMUNDA_AUTH_STRATEGY=BASIC), else it ends UNAUTHENTICATED with the interceptor's description, before the
 * request reaches the engine.
 */
import * as grpc from '@grpc/grpc-js';
import type { GatewaySecurity } from './gateway-security';

type Call = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>;
type Handler = (call: Call, callback?: grpc.sendUnaryData<unknown>) => void;

function unauthenticated(details: string, busy = false): grpc.ServerErrorResponse {
  const code = busy ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.UNAUTHENTICATED;
  return { name: busy ? 'ResourceExhausted' : 'Unauthenticated', message: details, code, details };
}

/** The service implementation with every method behind the credential check. */
export function authenticatedService(
  implementation: grpc.UntypedServiceImplementation,
  definition: grpc.ServiceDefinition,
  security: GatewaySecurity,
): grpc.UntypedServiceImplementation {
  if (security.unprotectedApi) return implementation;
  const guarded: grpc.UntypedServiceImplementation = {};
  for (const [rpc, handler] of Object.entries(implementation)) {
    const streaming = definition[rpc]?.responseStream === true;
    const run = handler as unknown as Handler;
    guarded[rpc] = ((call: Call, callback?: grpc.sendUnaryData<unknown>) => {
      const header = call.metadata.get('authorization')[0];
      security.authenticator.authenticate(typeof header === 'string' ? header : undefined).then(
        (outcome) => {
          if (call.cancelled) return; // the client gave up while its credentials were checked
          if ('user' in outcome) return run(call, callback);
          const error = unauthenticated(outcome.failure.grpc, outcome.failure.busy);
          if (streaming) (call as grpc.ServerWritableStream<unknown, unknown>).emit('error', error);
          else callback?.(error);
        },
        () => {
          const error = unauthenticated('Failed to authenticate'); // Zeebe's words when the user lookup fails
          if (streaming) call.emit('error', error);
          else callback?.(error);
        },
      );
    }) as grpc.UntypedHandleCall;
  }
  return guarded;
}
