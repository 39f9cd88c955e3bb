/**
 * ProcessCommands over the SDK's ZeebeGrpcClient (gRPC to the embedded engine or to a real Zeebe gateway).
 * gRPC errors arrive as Error with a numeric `code` and the broker's text in `details`.
 */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import { type ProcessCommands, ZeebeCommandError, type ZeebeStatus } from './process-commands';

const STATUS_BY_CODE: Record<number, ZeebeStatus> = {
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};

export function toZeebeCommandError(err: unknown): ZeebeCommandError {
  if (err instanceof ZeebeCommandError) return err;
  const e = err as { code?: unknown; details?: unknown; message?: unknown };
  const status = typeof e.code === 'number' ? (STATUS_BY_CODE[e.code] ?? 'UNKNOWN') : 'UNAVAILABLE';
  const details =
    typeof e.details === 'string' && e.details !== '' ? e.details : String(e.message ?? 'the gateway did not answer');
  return new ZeebeCommandError(status, details);
}

/** The SDK types variables as JSON documents; ours are plain records of JSON-serialisable values. */
type JsonVariables = { [key: string]: never };

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toZeebeCommandError(err);
  }
}

/** Bounds a call that the SDK would otherwise keep retrying while the gateway is down. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ZeebeCommandError('DEADLINE_EXCEEDED', `${what} took longer than ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function zeebeProcessCommands(zeebe: ZeebeGrpcClient, options: { timeoutMs?: number } = {}): ProcessCommands {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    startProcess: (bpmnProcessId, variables) =>
      translated(async () => {
        const created = await withTimeout(
          zeebe.createProcessInstance({ bpmnProcessId, variables: variables as JsonVariables }),
          timeoutMs,
          `starting ${bpmnProcessId}`,
        );
        return {
          processInstanceKey: String(created.processInstanceKey),
          processDefinitionKey: String(created.processDefinitionKey),
          bpmnProcessId: created.bpmnProcessId,
          version: Number(created.version),
        };
      }),

    cancelProcess: (processInstanceKey) =>
      translated(async () => {
        await withTimeout(
          zeebe.cancelProcessInstance(processInstanceKey),
          timeoutMs,
          `cancelling process instance ${processInstanceKey}`,
        );
      }),

    publishMessage: (message) =>
      translated(async () => {
        const published = await withTimeout(
          zeebe.publishMessage({
            name: message.name,
            correlationKey: message.correlationKey,
            timeToLive: message.timeToLiveMs,
            variables: (message.variables ?? {}) as JsonVariables,
            ...(message.messageId ? { messageId: message.messageId } : {}),
          }),
          timeoutMs,
          `publishing message ${message.name}`,
        );
        return { messageKey: String(published.key) };
      }),

    deploy: (resources) =>
      translated(async () => {
        const deployed = await withTimeout(
          zeebe.deployResources(resources.map((r) => ({ name: r.name, process: r.content }))),
          timeoutMs,
          'deploying',
        );
        const processes = deployed.deployments.flatMap((d) => {
          const p = (d as { process?: Record<string, unknown> }).process;
          return p
            ? [
                {
                  bpmnProcessId: String(p.bpmnProcessId),
                  version: Number(p.version),
                  processDefinitionKey: String(p.processDefinitionKey),
                  resourceName: String(p.resourceName),
                },
              ]
            : [];
        });
        const decisions = deployed.deployments.flatMap((d) => {
          const decision = (d as { decision?: Record<string, unknown> }).decision;
          return decision
            ? [
                {
                  decisionId: String(decision.dmnDecisionId),
                  version: Number(decision.version),
                  decisionKey: String(decision.decisionKey),
                  decisionRequirementsId: String(decision.dmnDecisionRequirementsId),
                },
              ]
            : [];
        });
        const forms = deployed.deployments.flatMap((d) => {
          const form = (d as { form?: Record<string, unknown> }).form;
          return form
            ? [{ formId: String(form.formId), version: Number(form.version), formKey: String(form.formKey) }]
            : [];
        });
        return {
          deploymentKey: String(deployed.key),
          processes,
          ...(decisions.length ? { decisions } : {}),
          ...(forms.length ? { forms } : {}),
        };
      }),

    ping: () =>
      translated(async () => {
        const topology = await withTimeout(zeebe.topology(), Math.min(timeoutMs, 3_000), 'the Topology call');
        const unled = partitionsWithoutHealthyLeader(topology);
        if (unled.length > 0)
          throw new ZeebeCommandError('UNAVAILABLE', `no healthy leader for partition ${unled.join(', ')}`);
      }),
  };
}

/** Partitions no broker leads in good health (Zeebe's own test for "the cluster is up"). */
export function partitionsWithoutHealthyLeader(topology: {
  brokers: { partitions: { partitionId: number; role: unknown; health: unknown }[] }[];
}): number[] {
  const all = new Set<number>();
  const led = new Set<number>();
  for (const broker of topology.brokers)
    for (const p of broker.partitions) {
      all.add(p.partitionId);
      if (String(p.role).toUpperCase() === 'LEADER' && String(p.health).toUpperCase() === 'HEALTHY')
        led.add(p.partitionId);
    }
  return [...all].filter((id) => !led.has(id)).sort((a, b) => a - b);
}
