/**
 * The unary RPCs of Zeebe's gateway, each translated into EngineApi calls and back into the response
 * message. Each entry names the Zeebe command intent it writes (used in rejection messages, see errors.ts);
 * `command: false` marks RPCs that write nothing (no acknowledgement barrier, no backpressure).
 */
import type { Deployment } from '../../engine/engine-api';
import type { GatewayContext } from './context';
import { DEFAULT_TENANT, int64ToNumber, keyOf, parseDocument, requireDefaultTenant } from './conversions';
import type * as M from './proto-types';

/** Zeebe's gateway waits this long for CreateProcessInstanceWithResult when requestTimeout is 0 (cluster requestTimeout). */
export const DEFAULT_WITH_RESULT_TIMEOUT_MS = 15_000;
export const GATEWAY_VERSION = '8.8.0';

export interface UnaryHandler {
  intent?: string;
  /** false for reads (Topology): no backpressure, nothing to make durable */
  command?: false;
  // biome-ignore lint/suspicious/noExplicitAny: each handler declares its own request type
  handle(request: any): unknown;
}

export function unaryHandlers(ctx: GatewayContext): Record<string, UnaryHandler> {
  const { engine } = ctx;
  return {
    Topology: {
      command: false,
      handle: () => ({
        brokers: [
          {
            nodeId: 0,
            host: ctx.advertised.host,
            port: ctx.advertised.port,
            partitions: [{ partitionId: 1, role: 'LEADER', health: engine.haltedBecause() ? 'UNHEALTHY' : 'HEALTHY' }],
            version: GATEWAY_VERSION,
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: GATEWAY_VERSION,
      }),
    },

    DeployResource: {
      intent: 'CREATE',
      handle: async (req: M.DeployResourceRequest) => {
        requireDefaultTenant('DeployResource', req.tenantId);
        const deployment = await engine.deploy(req.resources.map((r) => ({ name: r.name, content: r.content })));
        return {
          key: deployment.key,
          deployments: deployment.processes.map((process) => ({ process })),
          tenantId: deployment.tenantId,
        };
      },
    },

    DeployProcess: {
      intent: 'CREATE',
      handle: async (req: M.DeployProcessRequest) => {
        const deployment: Deployment = await engine.deploy(
          req.processes.map((p) => ({ name: p.name, content: p.definition })),
        );
        return { key: deployment.key, processes: deployment.processes };
      },
    },

    CreateProcessInstance: {
      intent: 'CREATE',
      handle: (req: M.CreateProcessInstanceRequest) => createInstance('CreateProcessInstance', req),
    },

    CreateProcessInstanceWithResult: {
      intent: 'CREATE_WITH_AWAITING_RESULT',
      handle: async (req: M.CreateProcessInstanceWithResultRequest) => {
        const created = createInstance(
          'CreateProcessInstanceWithResult',
          req.request ?? ({} as M.CreateProcessInstanceRequest),
        );
        const timeout = int64ToNumber(req.requestTimeout);
        const variables = await engine.awaitCompletion(
          created.processInstanceKey,
          timeout > 0 ? timeout : DEFAULT_WITH_RESULT_TIMEOUT_MS,
          req.fetchVariables.length > 0 ? req.fetchVariables : undefined,
        );
        return { ...created, variables: JSON.stringify(variables) };
      },
    },

    CancelProcessInstance: {
      intent: 'CANCEL',
      handle: (req: M.CancelProcessInstanceRequest) => {
        engine.cancelProcessInstance(keyOf(req.processInstanceKey));
        return {};
      },
    },

    CompleteJob: {
      intent: 'COMPLETE',
      handle: (req: M.CompleteJobRequest) => {
        engine.completeJob(keyOf(req.jobKey), parseDocument('variables', req.variables));
        return {};
      },
    },

    FailJob: {
      intent: 'FAIL',
      handle: (req: M.FailJobRequest) => {
        const variables = parseDocument('variables', req.variables);
        engine.failJob(keyOf(req.jobKey), req.retries, req.errorMessage, int64ToNumber(req.retryBackOff), variables);
        return {};
      },
    },

    ThrowError: {
      intent: 'THROW_ERROR',
      handle: (req: M.ThrowErrorRequest) => {
        engine.throwError(
          keyOf(req.jobKey),
          req.errorCode,
          req.errorMessage,
          parseDocument('variables', req.variables),
        );
        return {};
      },
    },

    PublishMessage: {
      intent: 'PUBLISH',
      handle: (req: M.PublishMessageRequest) => {
        requireDefaultTenant('PublishMessage', req.tenantId);
        const { key } = engine.publishMessage({
          name: req.name,
          correlationKey: req.correlationKey,
          timeToLive: int64ToNumber(req.timeToLive),
          messageId: req.messageId || undefined,
          variables: parseDocument('variables', req.variables),
        });
        return { key, tenantId: DEFAULT_TENANT };
      },
    },

    SetVariables: {
      intent: 'UPDATE',
      handle: (req: M.SetVariablesRequest) => {
        const variables = parseDocument('variables', req.variables);
        return engine.setVariables(keyOf(req.elementInstanceKey), variables, req.local);
      },
    },

    ResolveIncident: {
      intent: 'RESOLVE',
      handle: (req: M.ResolveIncidentRequest) => {
        engine.resolveIncident(keyOf(req.incidentKey));
        return {};
      },
    },

    UpdateJobRetries: {
      intent: 'UPDATE_RETRIES',
      handle: (req: M.UpdateJobRetriesRequest) => {
        engine.updateJobRetries(keyOf(req.jobKey), req.retries);
        return {};
      },
    },

    UpdateJobTimeout: {
      intent: 'UPDATE_TIMEOUT',
      handle: (req: M.UpdateJobTimeoutRequest) => {
        engine.updateJobTimeout(keyOf(req.jobKey), int64ToNumber(req.timeout));
        return {};
      },
    },

    DeleteResource: {
      intent: 'DELETE',
      handle: (req: M.DeleteResourceRequest) => {
        engine.deleteResource(keyOf(req.resourceKey));
        return {};
      },
    },

    BroadcastSignal: {
      intent: 'BROADCAST',
      handle: (req: M.BroadcastSignalRequest) => {
        requireDefaultTenant('BroadcastSignal', req.tenantId);
        const { key } = engine.broadcastSignal(req.signalName, parseDocument('variables', req.variables));
        return { key, tenantId: DEFAULT_TENANT };
      },
    },
  };

  function createInstance(rpc: string, req: M.CreateProcessInstanceRequest) {
    requireDefaultTenant(rpc, req.tenantId);
    const variables = parseDocument('variables', req.variables);
    const byKey = req.processDefinitionKey && req.processDefinitionKey !== '0';
    return engine.createProcessInstance({
      processDefinitionKey: byKey ? keyOf(req.processDefinitionKey) : undefined,
      bpmnProcessId: req.bpmnProcessId || undefined,
      version: req.version,
      variables,
      startInstructions: req.startInstructions?.length
        ? req.startInstructions.map((s) => ({ elementId: s.elementId }))
        : undefined,
    });
  }
}
