/** DeployResource, the older DeployProcess, and DeleteResource. */
import type { Deployment } from '../../../engine/engine-api';
import type { GatewayContext } from '../context';
import { keyOf, requireDefaultTenant } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function deploymentHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  return {
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

    DeleteResource: {
      intent: 'DELETE',
      handle: (req: M.DeleteResourceRequest) => {
        engine.deleteResource(keyOf(req.resourceKey));
        return {};
      },
    },
  };
}
