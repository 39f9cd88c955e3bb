/**
 * The REST v2 calls a scenario drives an instance with, beyond jobs and the clock (rest-api.ts): creating
 * instances, messages, signals, user tasks, variables and incidents. Kept apart from rest-api.ts so each file
 * holds one kind of call; createRestApi() offers both.
 */
import { parseJson, type RestCaller } from './rest-call';

/** One row of `POST /v2/user-tasks/search` (UserTaskResult, the fields the toolkit uses). */
export interface UserTaskItem {
  userTaskKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey?: string;
  name?: string;
  state: 'CREATED' | 'COMPLETED' | 'CANCELED' | 'FAILED' | string;
  assignee?: string;
  candidateGroups?: string[];
  candidateUsers?: string[];
  priority?: number;
  dueDate?: string;
  followUpDate?: string;
}

/** One item of a deployment's answer (`POST /v2/deployments`), the kinds the toolkit uses. */
export interface DeployedItem {
  processDefinition?: { processDefinitionKey: string; processDefinitionId: string; processDefinitionVersion?: number };
  decisionDefinition?: { decisionDefinitionKey: string; decisionDefinitionId: string };
  decisionRequirements?: { decisionRequirementsKey: string; decisionRequirementsId: string };
}

/** One row of `POST /v2/decision-instances/search` (the fields the toolkit uses). */
export interface DecisionInstanceItem {
  decisionEvaluationInstanceKey: string;
  decisionDefinitionId: string;
  decisionDefinitionName?: string;
  state: string;
  /** the decision's output as a JSON document */
  result?: string;
  evaluationFailure?: string;
}

/** One row of `POST /v2/process-instances/search`. */
export interface ProcessInstanceRow {
  processInstanceKey: string;
  processDefinitionId: string;
  state: string;
  /** set on a child instance a call activity started */
  parentProcessInstanceKey?: string;
}

export function scenarioCommands({ request, searchAll }: RestCaller) {
  return {
    /** `POST /v2/process-instances`; resolves with the new instance's key */
    async createProcessInstance(
      processDefinitionId: string,
      variables: Record<string, unknown> = {},
      startInstructions?: { elementId: string }[],
    ): Promise<string> {
      const body = { processDefinitionId, variables, ...(startInstructions ? { startInstructions } : {}) };
      const created = await request<{ processInstanceKey: string }>('POST', '/process-instances', body);
      return String(created.processInstanceKey);
    },

    /** Instances of a process (newest last), e.g. to find the one a scenario started. */
    searchProcessInstances(filter: Record<string, unknown>): Promise<ProcessInstanceRow[]> {
      return searchAll<ProcessInstanceRow>('/process-instances/search', {
        filter,
        sort: [{ field: 'processInstanceKey', order: 'ASC' }],
      });
    },

    /** `POST /v2/process-instances/{key}/cancellation` */
    async cancelProcessInstance(processInstanceKey: string): Promise<void> {
      await request('POST', `/process-instances/${processInstanceKey}/cancellation`, {});
    },

    /** every deployed process definition (any version) */
    searchProcessDefinitions(): Promise<{ processDefinitionKey: string; processDefinitionId: string }[]> {
      return searchAll('/process-definitions/search', {});
    },

    /** every deployed decision requirements graph (any version) */
    searchDecisionRequirements(): Promise<{ decisionRequirementsKey: string; decisionRequirementsId: string }[]> {
      return searchAll('/decision-requirements/search', {});
    },

    async publishMessage(message: {
      name: string;
      correlationKey?: string;
      variables?: Record<string, unknown>;
      timeToLive?: number;
      messageId?: string;
    }): Promise<void> {
      await request('POST', '/messages/publication', { correlationKey: '', ...message });
    },

    /** `POST /v2/messages/correlation`: fails when no subscription takes the message */
    async correlateMessage(message: {
      name: string;
      correlationKey?: string;
      variables?: Record<string, unknown>;
    }): Promise<void> {
      await request('POST', '/messages/correlation', { correlationKey: '', ...message });
    },

    async broadcastSignal(signalName: string, variables: Record<string, unknown> = {}): Promise<void> {
      await request('POST', '/signals/broadcast', { signalName, variables });
    },

    searchUserTasks(filter: Record<string, unknown>): Promise<UserTaskItem[]> {
      return searchAll<UserTaskItem>('/user-tasks/search', { filter });
    },

    async completeUserTask(userTaskKey: string, variables: Record<string, unknown> = {}): Promise<void> {
      await request('POST', `/user-tasks/${userTaskKey}/completion`, { variables });
    },

    /** `PUT /v2/element-instances/{key}/variables`: the instance key sets process-scope variables */
    async updateVariables(scopeKey: string, variables: Record<string, unknown>, local = false): Promise<void> {
      await request('PUT', `/element-instances/${scopeKey}/variables`, { variables, local });
    },

    /** `POST /v2/deployments` of one BPMN file; resolves with the deployed process definitions' keys */
    async deployBpmn(fileName: string, xml: string): Promise<string[]> {
      const form = new FormData();
      form.append('resources', new Blob([xml], { type: 'application/xml' }), fileName);
      const result = await request<{ deployments?: { processDefinition?: { processDefinitionKey: string } }[] }>(
        'POST',
        '/deployments',
        form,
      );
      return (result.deployments ?? []).flatMap((d) =>
        d.processDefinition ? [String(d.processDefinition.processDefinitionKey)] : [],
      );
    },

    /** `POST /v2/deployments` of one resource of any kind; resolves with the deployment's items */
    async deployResource(fileName: string, content: string): Promise<DeployedItem[]> {
      const form = new FormData();
      form.append('resources', new Blob([content], { type: 'application/xml' }), fileName);
      const result = await request<{ deployments?: DeployedItem[] }>('POST', '/deployments', form);
      return result.deployments ?? [];
    },

    /** `POST /v2/resources/{key}/deletion`: a process definition, a DRG or a form */
    async deleteResource(resourceKey: string): Promise<void> {
      await request('POST', `/resources/${resourceKey}/deletion`, {});
    },

    /** the BPMN XML a process definition was deployed with */
    processDefinitionXml(processDefinitionKey: string): Promise<string> {
      return request<string>('GET', `/process-definitions/${processDefinitionKey}/xml`);
    },

    /** `POST /v2/decision-definitions/evaluation` by decision id; resolves with the output (parsed) */
    async evaluateDecision(decisionDefinitionId: string, variables: Record<string, unknown> = {}) {
      const result = await request<{ output: string; failureMessage?: string; decisionEvaluationKey: string }>(
        'POST',
        '/decision-definitions/evaluation',
        { decisionDefinitionId, variables },
      );
      return { ...result, output: parseJson(result.output) };
    },

    /** decision instances (one per decision evaluated) matching a filter, newest last */
    searchDecisionInstances(filter: Record<string, unknown>): Promise<DecisionInstanceItem[]> {
      return searchAll<DecisionInstanceItem>('/decision-instances/search', { filter });
    },

    /** one decision instance with its matched rules (`GET /v2/decision-instances/{key}`) */
    decisionInstance(key: string): Promise<DecisionInstanceItem & { matchedRules?: { ruleIndex: number }[] }> {
      return request('GET', `/decision-instances/${key}`);
    },

    async resolveIncident(incidentKey: string): Promise<void> {
      await request('POST', `/incidents/${incidentKey}/resolution`);
    },

    /** Variables of any scope of the instance (scopeKey given: that element instance's own). */
    async scopeVariables(processInstanceKey: string, scopeKey: string): Promise<Record<string, unknown>> {
      const items = await searchAll<{ name: string; value: string }>('/variables/search?truncateValues=false', {
        filter: { processInstanceKey, scopeKey },
      });
      return Object.fromEntries(items.map((v) => [v.name, parseJson(v.value)]));
    },
  };
}
