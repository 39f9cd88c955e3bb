/**
 * ProcessCommands straight on the embedded engine, for when it runs in the app's own process: the same
 * commands the gRPC gateway would run, without a gRPC round trip (HTTP/2 client and server, protobuf both
 * ways: about 1.5 ms of the app's one event loop per order). It keeps the gateway's contract: variables are
 * copied as the JSON document gRPC would carry, a command answers only once it is on the journal (the
 * acknowledgement barrier), and rejections carry the status and wording the gateway would send. A real
 * Camunda cluster keeps going through the SDK (zeebe-process-commands.ts).
 */
import pino from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import { acknowledgementBarrier, type GatewayEngine } from '../../gateway/grpc/context';
import { parseDocument } from '../../gateway/grpc/conversions';
import { toServiceError } from '../../gateway/grpc/errors';
import type { ProcessCommands } from './process-commands';
import { toZeebeCommandError } from './zeebe-process-commands';

/** The gateway's rejection logs are debug lines; an unexpected engine error is logged by the route. */
const quiet = pino({ level: 'silent' });

/** The variables as the engine would get them over gRPC: a fresh copy of their JSON document. */
function asDocument(variables: Record<string, unknown> | undefined) {
  return parseDocument('variables', JSON.stringify(variables ?? {}));
}

export interface EngineProcessCommandsOptions {
  /** How `ping` checks the engine is reachable (start-baton: the gRPC gateway the workers use). */
  ping?: () => Promise<void>;
}

export function engineProcessCommands(engine: EngineApi, options: EngineProcessCommandsOptions = {}): ProcessCommands {
  const durable = acknowledgementBarrier(engine as GatewayEngine);

  /** Runs one command as the gateway does: rejections mapped, the answer only once it is durable. */
  async function command<T>(rpc: string, intent: string, run: () => T | Promise<T>): Promise<T> {
    try {
      const result = await run();
      await durable();
      return result;
    } catch (err) {
      throw toZeebeCommandError(toServiceError(err, rpc, intent, quiet));
    }
  }

  return {
    startProcess: (bpmnProcessId, variables) =>
      command('CreateProcessInstance', 'CREATE', () => {
        const created = engine.createProcessInstance({ bpmnProcessId, variables: asDocument(variables) });
        return {
          processInstanceKey: created.processInstanceKey,
          processDefinitionKey: created.processDefinitionKey,
          bpmnProcessId: created.bpmnProcessId,
          version: created.version,
        };
      }),

    cancelProcess: (processInstanceKey) =>
      command('CancelProcessInstance', 'CANCEL', () => engine.cancelProcessInstance(processInstanceKey)),

    publishMessage: (message) =>
      command('PublishMessage', 'PUBLISH', () => {
        const published = engine.publishMessage({
          name: message.name,
          correlationKey: message.correlationKey,
          timeToLive: message.timeToLiveMs,
          messageId: message.messageId || undefined,
          variables: asDocument(message.variables),
        });
        return { messageKey: published.key };
      }),

    deploy: (resources) =>
      command('DeployResource', 'CREATE', async () => {
        const deployment = await engine.deploy(resources.map((r) => ({ name: r.name, content: r.content })));
        return {
          deploymentKey: deployment.key,
          processes: deployment.processes.map((p) => ({
            bpmnProcessId: p.bpmnProcessId,
            version: p.version,
            processDefinitionKey: p.processDefinitionKey,
            resourceName: p.resourceName,
          })),
        };
      }),

    ping: options.ping ?? (() => Promise.resolve()),
  };
}
