/**
 * ProcessCommands straight on the embedded engine, for when it runs in the app's own process: the same
 * commands the gRPC gateway would run, without a gRPC round trip (HTTP/2 client and server, protobuf both
 * ways). It keeps the gateway's contract (src/gateway/in-process.ts): variables are copied as the JSON
 * document gRPC would carry, a command answers only once it is on the journal (the acknowledgement barrier),
 * and rejections carry the status and wording the gateway would send. A real Camunda cluster keeps going
 * through the SDK (zeebe-process-commands.ts).
 */
import type { EngineApi } from '../../engine/engine-api';
import { inProcessGateway } from '../../gateway/in-process';
import type { ProcessCommands } from './process-commands';
import { toZeebeCommandError } from './zeebe-process-commands';

export interface EngineProcessCommandsOptions {
  /** How `ping` checks the engine is reachable (start-baton: the gRPC gateway the workers use). */
  ping?: () => Promise<void>;
}

export function engineProcessCommands(engine: EngineApi, options: EngineProcessCommandsOptions = {}): ProcessCommands {
  const gateway = inProcessGateway(engine);
  const asDocument = gateway.variables;

  /** Runs one command as the gateway does (an unexpected engine error is logged by the route). */
  function command<T>(rpc: string, intent: string, run: () => T | Promise<T>): Promise<T> {
    return gateway.command(rpc, intent, run).catch((rejection: unknown) => {
      throw toZeebeCommandError(rejection);
    });
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
          ...(deployment.decisions?.length
            ? {
                decisions: deployment.decisions.map((d) => ({
                  decisionId: d.decisionId,
                  version: d.version,
                  decisionKey: d.decisionKey,
                  decisionRequirementsId: d.decisionRequirementsId,
                })),
              }
            : {}),
          ...(deployment.forms?.length
            ? { forms: deployment.forms.map((f) => ({ formId: f.formId, version: f.version, formKey: f.formKey })) }
            : {}),
        };
      }),

    ping: options.ping ?? (() => Promise.resolve()),
  };
}
