/**
 * Tokens waiting at a joining parallel or inclusive gateway during migration (Zeebe 8.8's taken sequence
 * flows): a scope holding them keeps them at the gateway its source gateway is mapped to, which must be of
 * the same type, have at least as many incoming flows and have each taken flow (by id) among them. Checked
 * with Zeebe's rejection texts before anything changes; the re-keyed tokens are what the migration applies.
 */
import type { ProcessDefinition } from '../deployments';
import { invalidArgument } from '../errors';
import type { ElementInstance } from './element-instance';

export type Joins = NonNullable<ElementInstance['joins']>;

/** The scope's waiting tokens keyed by the target's gateway ids, or undefined when none wait. */
export function migratedJoins(
  key: string,
  scope: ElementInstance,
  target: ProcessDefinition,
  mapping: Map<string, string>,
): Joins | undefined {
  if (!scope.joins || scope.joins.size === 0) return undefined;
  const reject = (text: string) => invalidArgument(`Expected to migrate process instance '${key}' but ${text}`);
  const joins: Joins = new Map();
  for (const [gatewayId, tokens] of scope.joins) {
    if (tokens.size === 0) continue;
    const source = scope.definition.model.elements.get(gatewayId);
    if (!source) continue;
    const targetId = mapping.get(gatewayId);
    const to = targetId === undefined ? undefined : target.model.elements.get(targetId);
    if (!to || targetId === undefined) {
      throw reject(
        `gateway '${gatewayId}' has at least one incoming sequence flow taken. Joining gateways with at least one incoming sequence flow taken must be mapped to a gateway of the same type in the target process definition.`,
      );
    }
    if (to.camundaType !== source.camundaType) {
      throw reject(
        `active element with id '${gatewayId}' and type '${source.camundaType}' is mapped to an element with id '${targetId}' and different type '${to.camundaType}'. Elements must be mapped to elements of the same type.`,
      );
    }
    if (to.incoming.length < source.incoming.length) {
      throw reject(
        `target gateway with id '${targetId}' has less incoming sequence flows than the source gateway with id '${gatewayId}'. Target gateway must have at least the same number of incoming sequence flows as the source gateway.`,
      );
    }
    const merged = joins.get(targetId) ?? new Map<string, number>();
    for (const [flowId, count] of tokens) {
      if (!to.incoming.some((f) => f.id === flowId)) {
        throw reject(
          `gateway with id '${gatewayId}' has a taken incoming sequence flow mismatch. Taken sequence flow with id '${flowId}' must connect to the mapped target gateway with id '${targetId}' in the target process definition.`,
        );
      }
      merged.set(flowId, (merged.get(flowId) ?? 0) + count);
    }
    joins.set(targetId, merged);
  }
  return joins;
}
