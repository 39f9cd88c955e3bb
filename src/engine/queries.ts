/**
 * Read-only views of the engine state in the shapes the REST v2 search endpoints and the test toolkit
 * use (ProcessInstanceView, ElementInstanceView, ...). Nothing here changes state.
 */
import type {
  DeployedDecision,
  DeployedDecisionRequirements,
  DeployedForm,
  ElementInstanceView,
  IncidentView,
  JobView,
  ProcessDefinitionView,
  ProcessInstanceView,
  UserTaskView,
  VariableView,
} from './engine-api';
import { linkedForm } from './forms/linked-form';
import type { ElementInstance, ProcessInstance } from './runtime/element-instance';
import type { Runtime } from './runtime/runtime';
import type { StoredVariable } from './runtime/variables';

export class EngineQueries {
  constructor(private readonly rt: Runtime) {}

  getProcessInstance(key: string): ProcessInstanceView | undefined {
    const instance = this.rt.processInstances.get(key);
    return instance ? this.processInstanceView(instance) : undefined;
  }

  *listProcessInstances(): Iterable<ProcessInstanceView> {
    for (const instance of this.rt.processInstances.values()) yield this.processInstanceView(instance);
  }

  *listElementInstances(processInstanceKey?: string): Iterable<ElementInstanceView> {
    const instances = processInstanceKey
      ? [this.rt.processInstances.get(processInstanceKey)].filter((i): i is ProcessInstance => i !== undefined)
      : this.rt.processInstances.values();
    for (const instance of instances) {
      for (const element of instance.history) yield elementInstanceView(element);
    }
  }

  listIncidents(): Iterable<IncidentView> {
    return this.rt.incidents.views();
  }

  *listVariables(processInstanceKey?: string): Iterable<VariableView> {
    for (const [scopeKey, vars] of processInstanceKey
      ? this.scopesOf(processInstanceKey)
      : this.rt.variables.entries()) {
      const scope = this.rt.elementInstances.get(scopeKey);
      if (!scope || (processInstanceKey && scope.processInstanceKey !== processInstanceKey)) continue;
      for (const [name, v] of vars) {
        yield {
          key: v.key,
          name,
          value: v.value,
          scopeKey,
          processInstanceKey: scope.processInstanceKey,
          tenantId: scope.definition.tenantId,
        };
      }
    }
  }

  /**
   * The variable scopes of one process instance: its root and its element history (every element instance
   * that got as far as activation, which is where a scope gets its first variable), not every scope there is.
   */
  private *scopesOf(processInstanceKey: string): Iterable<[string, Map<string, StoredVariable>]> {
    const instance = this.rt.processInstances.get(processInstanceKey);
    if (!instance) return;
    const variables = this.rt.variables;
    const root = variables.local(instance.key);
    if (root) yield [instance.key, root];
    for (const element of instance.history) {
      const vars = element.key === instance.key ? undefined : variables.local(element.key);
      if (vars) yield [element.key, vars];
    }
  }

  /**
   * The user tasks, a task with a linked Camunda form carrying the key of the form it is bound to: bound at
   * activation since forms are; a task restored from an older snapshot is bound here, as it was then.
   */
  listUserTasks(): UserTaskView[] {
    return [...this.rt.userTasks.views()].map((task) => {
      if (task.formKey !== undefined) return task;
      const definition = this.rt.deployments.getIncludingDeleted(task.processDefinitionKey);
      const link = definition?.model.elements.get(task.elementId)?.userTask?.linkedForm;
      const form =
        link &&
        definition &&
        linkedForm(this.rt.deployments.forms, link, {
          deploymentKey: definition.deploymentKey,
          createdBefore: task.userTaskKey,
        });
      return form ? { ...task, formKey: form.formKey } : task;
    });
  }

  listJobs(): Iterable<JobView> {
    return this.rt.jobs.views();
  }

  *listProcessDefinitions(): Iterable<ProcessDefinitionView> {
    for (const d of this.rt.deployments.all()) {
      yield {
        processDefinitionKey: d.key,
        bpmnProcessId: d.bpmnProcessId,
        version: d.version,
        name: d.model.name,
        resourceName: d.resourceName,
        tenantId: d.tenantId,
        deploymentKey: d.deploymentKey,
        ...(d.model.root.noneStartEvent?.startFormId ? { startFormId: d.model.root.noneStartEvent.startFormId } : {}),
      };
    }
  }

  getProcessDefinitionXml(processDefinitionKey: string): string | undefined {
    return this.rt.deployments.get(processDefinitionKey)?.xml;
  }

  listDecisionDefinitions(): DeployedDecision[] {
    return [...this.rt.deployments.decisions.liveDecisions()].map(({ deploymentKey: _key, deleted: _d, ...d }) => d);
  }

  listDecisionRequirements(): DeployedDecisionRequirements[] {
    return [...this.rt.deployments.decisions.liveDrgs()].map(
      ({ xml: _xml, drg: _drg, deploymentKey: _key, deleted: _d, ...d }) => d,
    );
  }

  getDecisionRequirementsXml(decisionRequirementsKey: string): string | undefined {
    return this.rt.deployments.decisions.getDrg(decisionRequirementsKey)?.xml;
  }

  listForms(): (DeployedForm & { schema: string })[] {
    return [...this.rt.deployments.forms.all()].map(({ deploymentKey: _key, deleted: _d, ...f }) => f);
  }

  /** Sequence flows taken by a process instance (for the UI's highlighted paths). */
  takenSequenceFlows(processInstanceKey: string): string[] {
    return [...(this.rt.lifecycle.takenFlows.get(processInstanceKey) ?? [])];
  }

  private processInstanceView(instance: ProcessInstance): ProcessInstanceView {
    const root = instance.root;
    return {
      processInstanceKey: instance.key,
      processDefinitionKey: instance.definition.key,
      bpmnProcessId: instance.definition.bpmnProcessId,
      version: instance.definition.version,
      state: root.state === 'COMPLETED' ? 'COMPLETED' : root.state === 'TERMINATED' ? 'TERMINATED' : 'ACTIVE',
      startDate: instance.startDate,
      endDate: instance.endDate,
      hasIncident: this.rt.incidents.hasActive(instance.key),
      parentProcessInstanceKey: instance.callActivity?.processInstanceKey,
      parentElementInstanceKey: instance.callActivity?.key,
      tenantId: instance.definition.tenantId,
    };
  }
}

function elementInstanceView(i: ElementInstance): ElementInstanceView {
  return {
    key: i.key,
    processInstanceKey: i.processInstanceKey,
    processDefinitionKey: i.definition.key,
    bpmnProcessId: i.definition.bpmnProcessId,
    elementId: i.element.id,
    elementName: i.element.name,
    type: i.element.camundaType,
    state: i.state === 'COMPLETED' ? 'COMPLETED' : i.state === 'TERMINATED' ? 'TERMINATED' : 'ACTIVE',
    flowScopeKey: i.parent?.key,
    startDate: i.startDate,
    endDate: i.endDate,
    endSequence: i.endSequence,
    incidentKey: i.incidentKey,
    tenantId: i.definition.tenantId,
  };
}
