/** Creating (with or without awaiting the result) and cancelling instances, their variables and incidents. */
import { DEFAULT_WITH_RESULT_TIMEOUT_MS } from '../../zeebe-defaults';
import type { GatewayContext } from '../context';
import { int64ToNumber, keyOf, parseDocument, requireDefaultTenant } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function processInstanceHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  return {
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
