/**
 * REST v2 shapes of deployed decisions, DRGs and forms (8.8's DecisionDefinitionResult,
 * DecisionRequirementsResult, FormResult and their deployment counterparts), shared by the deploy answer and
 * the decision and form reads.
 */
import type {
  DeployedDecision,
  DeployedDecisionRequirements,
  DeployedForm,
  Deployment,
} from '../../../engine/engine-api';

export function decisionDefinitionItem(d: DeployedDecision) {
  return {
    decisionDefinitionId: d.decisionId,
    name: d.name,
    version: d.version,
    decisionRequirementsId: d.decisionRequirementsId,
    tenantId: d.tenantId,
    decisionDefinitionKey: d.decisionKey,
    decisionRequirementsKey: d.decisionRequirementsKey,
  };
}

export function decisionRequirementsItem(r: DeployedDecisionRequirements) {
  return {
    decisionRequirementsName: r.name,
    version: r.version,
    decisionRequirementsId: r.decisionRequirementsId,
    resourceName: r.resourceName,
    tenantId: r.tenantId,
    decisionRequirementsKey: r.decisionRequirementsKey,
  };
}

export function formMetadataItem(f: DeployedForm) {
  return {
    formId: f.formId,
    version: f.version,
    resourceName: f.resourceName,
    tenantId: f.tenantId,
    formKey: f.formKey,
  };
}

/** The `deployments[]` entries after the processes: decisions, DRGs, then forms, as Camunda lists them. */
export function deployedResourceItems(deployment: Deployment) {
  return [
    ...(deployment.decisions ?? []).map((d) => ({ decisionDefinition: decisionDefinitionItem(d) })),
    ...(deployment.decisionRequirements ?? []).map((r) => ({ decisionRequirements: decisionRequirementsItem(r) })),
    ...(deployment.forms ?? []).map((f) => ({ form: formMetadataItem(f) })),
  ];
}
