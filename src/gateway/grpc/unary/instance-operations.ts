/** Modifying and migrating running instances (Operate's operations): ModifyProcessInstance, MigrateProcessInstance. */
import { EngineError } from '../../../engine/errors';
import type { GatewayContext } from '../context';
import { keyOf, parseDocument } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function instanceOperationHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  // (an EngineApi without them, e.g. a test's stub engine, answers as for any RPC the gateway does not serve)
  const unimplemented = (rpc: string) =>
    new EngineError(
      'UNIMPLEMENTED',
      `${rpc} is not supported by the embedded engine yet (Baton's Zeebe-compatible gateway); use a real Zeebe cluster for it`,
    );
  return {
    ModifyProcessInstance: {
      intent: 'MODIFY',
      handle: (req: M.ModifyProcessInstanceRequest) => {
        if (!engine.modifyProcessInstance) throw unimplemented('ModifyProcessInstance');
        return engine.modifyProcessInstance({
          processInstanceKey: keyOf(req.processInstanceKey),
          activateInstructions: (req.activateInstructions ?? []).map((a) => ({
            elementId: a.elementId,
            ancestorElementInstanceKey: keyOf(a.ancestorElementInstanceKey),
            variableInstructions: (a.variableInstructions ?? []).map((v) => ({
              variables: parseDocument('variables', v.variables),
              scopeId: v.scopeId,
            })),
          })),
          terminateInstructions: (req.terminateInstructions ?? []).map((t) => ({
            elementInstanceKey: keyOf(t.elementInstanceKey),
          })),
        });
      },
    },

    MigrateProcessInstance: {
      intent: 'MIGRATE',
      handle: (req: M.MigrateProcessInstanceRequest) => {
        if (!engine.migrateProcessInstance) throw unimplemented('MigrateProcessInstance');
        const plan = req.migrationPlan;
        return engine.migrateProcessInstance({
          processInstanceKey: keyOf(req.processInstanceKey),
          migrationPlan: {
            targetProcessDefinitionKey: keyOf(plan?.targetProcessDefinitionKey),
            mappingInstructions: (plan?.mappingInstructions ?? []).map((m) => ({
              sourceElementId: m.sourceElementId,
              targetElementId: m.targetElementId,
            })),
          },
        });
      },
    },
  };
}
