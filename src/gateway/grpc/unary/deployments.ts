/** DeployResource (processes, decisions and forms), the older DeployProcess, and DeleteResource. */
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
        return { key: deployment.key, deployments: deployedMetadata(deployment), tenantId: deployment.tenantId };
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

/** The deployment's metadata as Zeebe's gateway lists it: processes, decisions, DRGs, then forms. */
function deployedMetadata(deployment: Deployment) {
  return [
    ...deployment.processes.map((process) => ({ process })),
    ...(deployment.decisions ?? []).map((d) => ({
      decision: {
        dmnDecisionId: d.decisionId,
        dmnDecisionName: d.name,
        version: d.version,
        decisionKey: d.decisionKey,
        dmnDecisionRequirementsId: d.decisionRequirementsId,
        decisionRequirementsKey: d.decisionRequirementsKey,
        tenantId: d.tenantId,
      },
    })),
    ...(deployment.decisionRequirements ?? []).map((r) => ({
      decisionRequirements: {
        dmnDecisionRequirementsId: r.decisionRequirementsId,
        dmnDecisionRequirementsName: r.name,
        version: r.version,
        decisionRequirementsKey: r.decisionRequirementsKey,
        resourceName: r.resourceName,
        tenantId: r.tenantId,
      },
    })),
    ...(deployment.forms ?? []).map((f) => ({
      form: {
        formId: f.formId,
        version: f.version,
        formKey: f.formKey,
        resourceName: f.resourceName,
        tenantId: f.tenantId,
      },
    })),
  ];
}
