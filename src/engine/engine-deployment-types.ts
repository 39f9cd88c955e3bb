/**
 * A deployment's resources and what it returns: the deployed processes, decisions and forms with their keys
 * and versions (Zeebe's deployment metadata).
 */
export interface DeployResource {
  name: string;
  content: Buffer | string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

/** A deployed decision (Zeebe's DecisionMetadata; REST's decision definition). */
export interface DeployedDecision {
  decisionKey: string;
  decisionId: string;
  name: string;
  version: number;
  versionTag?: string;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
}

/** A deployed decision requirements graph: one .dmn resource (Zeebe's DecisionRequirementsMetadata). */
export interface DeployedDecisionRequirements {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
  tenantId: string;
}

/** A deployed Camunda form: one .form resource (Zeebe's FormMetadata). */
export interface DeployedForm {
  formKey: string;
  formId: string;
  version: number;
  versionTag?: string;
  resourceName: string;
  tenantId: string;
}

export interface Deployment {
  key: string;
  processes: DeployedProcess[];
  /** the .dmn and .form resources' metadata (absent: none) */
  decisions?: DeployedDecision[];
  decisionRequirements?: DeployedDecisionRequirements[];
  forms?: DeployedForm[];
  tenantId: string;
}
