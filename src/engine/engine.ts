/**
 * The embedded engine: composes the runtime services, runs every command to quiescence (see
 * runtime/runtime.ts) and answers the queries the gateways need. Implements EngineApi.
 */
import pino, { type Logger } from 'pino';
import { EngineClock } from './clock';
import { Deployments, type ProcessDefinition } from './deployments';
import { DueQueue } from './due-queue';
import type {
  ActivatedJob,
  ActivateJobsCommand,
  CreateInstanceCommand,
  DeployResource,
  Deployment,
  ElementInstanceView,
  EngineApi,
  IncidentView,
  JobStream,
  JobView,
  ProcessDefinitionView,
  ProcessInstanceCreated,
  ProcessInstanceView,
  PublishMessageCommand,
  Variables,
  VariableView,
} from './engine-api';
import { EngineError, invalidArgument, notFound } from './errors';
import type { CompiledExpression } from './feel';
import { KeyGenerator } from './keys';
import { CompensationService } from './runtime/compensation';
import type { ElementInstance, ProcessInstance } from './runtime/element-instance';
import { isActive } from './runtime/element-instance';
import { ErrorCatcher } from './runtime/error-catcher';
import { EventTriggers } from './runtime/event-triggers';
import { IncidentService } from './runtime/incidents';
import { JobService } from './runtime/jobs';
import { Lifecycle } from './runtime/lifecycle';
import { feelContext } from './runtime/mappings';
import { MessageService } from './runtime/messages';
import type { Runtime } from './runtime/runtime';
import { SignalService } from './runtime/signals';
import { StartEvents } from './runtime/start-events';
import { TimerService } from './runtime/timers';
import { VariableStore } from './runtime/variables';

export interface EngineOptions {
  logger?: Logger;
}

export type Engine = EngineApi & { close(): void; readonly runtime: Runtime };

export function createEngine(options: EngineOptions = {}): Engine {
  return new EmbeddedEngine(options);
}

class EmbeddedEngine implements EngineApi {
  readonly runtime: Runtime;
  private readonly queue: (() => void)[] = [];
  private processing = false;
  private readonly completionWaiters = new Map<string, Set<(instance: ProcessInstance) => void>>();
  private readonly engineClock = new EngineClock();

  readonly clock = {
    now: () => this.engineClock.now(),
    pin: (timestamp: number) => this.engineClock.pin(timestamp),
    advance: (ms: number) => this.engineClock.advance(ms),
    reset: () => this.engineClock.reset(),
  };

  constructor(options: EngineOptions) {
    const keys = new KeyGenerator();
    const rt = {
      logger: options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' }),
      keys,
      clock: this.engineClock,
      deployments: new Deployments(keys),
      variables: new VariableStore(keys),
      processInstances: new Map(),
      elementInstances: new Map(),
      evaluate: (expression: CompiledExpression, scope: ElementInstance | undefined) =>
        expression.evaluate((name) => rt.variables.lookup(scope, name), feelContext(rt)),
      enqueue: (step: () => void) => this.queue.push(step),
      process: <T>(command: () => T) => this.process(command),
    } as unknown as { -readonly [K in keyof Runtime]: Runtime[K] };
    rt.due = new DueQueue(this.engineClock, (fire) => {
      try {
        this.process(fire);
      } catch (err) {
        // a timer belongs to no client request: log instead of crashing the host process
        rt.logger.error({ err }, 'a due timer failed');
      }
    });
    rt.lifecycle = new Lifecycle(rt);
    rt.jobs = new JobService(rt);
    rt.messages = new MessageService(rt);
    rt.signals = new SignalService(rt);
    rt.startEvents = new StartEvents(rt);
    rt.timers = new TimerService(rt);
    rt.triggers = new EventTriggers(rt);
    rt.incidents = new IncidentService(rt);
    rt.compensation = new CompensationService(rt);
    rt.errors = new ErrorCatcher(rt);
    this.runtime = rt;
    rt.lifecycle.onProcessInstanceEnded((instance) => {
      const waiters = this.completionWaiters.get(instance.key);
      this.completionWaiters.delete(instance.key);
      for (const waiter of waiters ?? []) waiter(instance);
    });
  }

  /** Runs a command and every step it causes, then wakes long-polling job requests. */
  private process<T>(command: () => T): T {
    if (this.processing) return command();
    this.processing = true;
    try {
      const result = command();
      for (let step = this.queue.shift(); step; step = this.queue.shift()) step();
      return result;
    } catch (err) {
      this.queue.length = 0;
      throw err;
    } finally {
      this.processing = false;
      this.runtime.jobs.flushNotifications();
    }
  }

  async deploy(resources: DeployResource[]): Promise<Deployment> {
    const created: ProcessDefinition[] = [];
    const deployment = await this.runtime.deployments.deploy(resources, (d) => created.push(d));
    this.process(() => {
      for (const definition of created) this.runtime.startEvents.activate(definition.bpmnProcessId, definition);
    });
    return deployment;
  }

  deleteResource(resourceKey: string): void {
    this.process(() => {
      const { deleted, latest } = this.runtime.deployments.delete(resourceKey);
      const wasLatest = !latest || latest.version < deleted.version;
      if (wasLatest) this.runtime.startEvents.activate(deleted.bpmnProcessId, latest);
    });
  }

  createProcessInstance(cmd: CreateInstanceCommand): ProcessInstanceCreated {
    const variables = requireObject(cmd.variables, 'variables');
    return this.process(() => {
      const definition = this.runtime.deployments.resolve(cmd);
      const model = definition.model;
      const instructions = cmd.startInstructions ?? [];
      let start = model.root.noneStartEvent;
      if (instructions.length > 0) {
        const element = model.elements.get(instructions[0].elementId);
        if (!element || element.scope !== model.root) {
          throw invalidArgument(`Expected to start the process instance at element '${instructions[0].elementId}', but no such element exists in the process scope`);
        }
        start = element;
      } else if (!start) {
        throw invalidArgument(
          `Expected to create instance of process with none start event, but there is no such event (process '${definition.bpmnProcessId}')`,
        );
      }
      const instance = this.runtime.lifecycle.createProcessInstance(definition, variables, start);
      return {
        processDefinitionKey: definition.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        processInstanceKey: instance.key,
        tenantId: definition.tenantId,
      };
    });
  }

  awaitCompletion(processInstanceKey: string, timeoutMs: number, fetchVariables?: string[]): Promise<Variables> {
    const instance = this.runtime.processInstances.get(processInstanceKey);
    if (!instance) return Promise.reject(notFound(`Expected to find process instance with key '${processInstanceKey}'`));
    const result = () => this.runtime.variables.visible(instance.root, fetchVariables);
    if (instance.root.state === 'COMPLETED') return Promise.resolve(result());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(onEnd);
        reject(new EngineError('DEADLINE_EXCEEDED', `Expected the process instance '${processInstanceKey}' to complete within ${timeoutMs} ms, but it did not`));
      }, timeoutMs);
      const onEnd = (ended: ProcessInstance) => {
        clearTimeout(timer);
        if (ended.root.state === 'COMPLETED') resolve(result());
        else reject(new EngineError('FAILED_PRECONDITION', `The process instance '${processInstanceKey}' was terminated before it completed`));
      };
      const waiters = this.completionWaiters.get(processInstanceKey) ?? new Set();
      waiters.add(onEnd);
      this.completionWaiters.set(processInstanceKey, waiters);
    });
  }

  cancelProcessInstance(processInstanceKey: string): void {
    this.process(() => {
      const instance = this.runtime.processInstances.get(processInstanceKey);
      if (!instance || !isActive(instance.root)) {
        throw notFound(`Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
      }
      if (instance.callActivity) {
        const root = this.rootInstanceOf(instance);
        throw new EngineError(
          'FAILED_PRECONDITION',
          `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${root.key}' instead.`,
        );
      }
      this.runtime.lifecycle.terminate(instance.root);
    });
  }

  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): { key: string } {
    const values = requireObject(variables, 'variables');
    return this.process(() => {
      const scope = this.runtime.elementInstances.get(elementInstanceKey);
      if (!scope || !isActive(scope)) {
        throw notFound(`Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`);
      }
      if (local) this.runtime.variables.setLocals(scope.key, values);
      else this.runtime.variables.propagate(scope, values);
      return { key: this.runtime.keys.nextKey() };
    });
  }

  activateJobs(cmd: ActivateJobsCommand): ActivatedJob[] {
    return this.process(() => this.runtime.jobs.activate(cmd));
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    return this.runtime.jobs.onJobsAvailable(type, listener);
  }

  openJobStream(stream: JobStream): () => void {
    return this.runtime.jobs.openStream(stream);
  }

  completeJob(jobKey: string, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    this.process(() => this.runtime.jobs.complete(jobKey, values));
  }

  failJob(jobKey: string, retries: number, errorMessage: string, retryBackOffMs: number, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    this.process(() => this.runtime.jobs.fail(jobKey, retries, errorMessage, Math.max(0, retryBackOffMs), values));
  }

  throwError(jobKey: string, errorCode: string, errorMessage: string, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    this.process(() => this.runtime.jobs.throwError(jobKey, errorCode, errorMessage, values));
  }

  updateJobRetries(jobKey: string, retries: number): void {
    this.process(() => this.runtime.jobs.updateRetries(jobKey, retries));
  }

  updateJobTimeout(jobKey: string, timeoutMs: number): void {
    this.process(() => this.runtime.jobs.updateTimeout(jobKey, timeoutMs));
  }

  broadcastSignal(signalName: string, variables?: Variables): { key: string } {
    const values = requireObject(variables, 'variables');
    return this.process(() => this.runtime.signals.broadcast(signalName, values));
  }

  publishMessage(cmd: PublishMessageCommand): { key: string } {
    const values = requireObject(cmd.variables, 'variables');
    return this.process(() => this.runtime.messages.publish({ ...cmd, variables: values }));
  }

  /** CorrelateMessage: correlates now or fails with NOT_FOUND; never buffers. */
  correlateMessage(name: string, correlationKey: string, variables?: Variables): { key: string; processInstanceKey: string } {
    const values = requireObject(variables, 'variables');
    return this.process(() => this.runtime.messages.correlate(name, correlationKey, values));
  }

  resolveIncident(incidentKey: string): void {
    this.process(() => this.runtime.incidents.resolve(incidentKey));
  }

  // ---- queries -----------------------------------------------------------------------------------

  getProcessInstance(key: string): ProcessInstanceView | undefined {
    const instance = this.runtime.processInstances.get(key);
    return instance ? this.processInstanceView(instance) : undefined;
  }

  *listProcessInstances(): Iterable<ProcessInstanceView> {
    for (const instance of this.runtime.processInstances.values()) yield this.processInstanceView(instance);
  }

  *listElementInstances(processInstanceKey?: string): Iterable<ElementInstanceView> {
    const instances = processInstanceKey
      ? [this.runtime.processInstances.get(processInstanceKey)].filter((i): i is ProcessInstance => i !== undefined)
      : this.runtime.processInstances.values();
    for (const instance of instances) {
      for (const element of instance.history) yield elementInstanceView(element);
    }
  }

  listIncidents(): Iterable<IncidentView> {
    return this.runtime.incidents.views();
  }

  *listVariables(processInstanceKey?: string): Iterable<VariableView> {
    for (const [scopeKey, vars] of this.runtime.variables.entries()) {
      const scope = this.runtime.elementInstances.get(scopeKey);
      if (!scope || (processInstanceKey && scope.processInstanceKey !== processInstanceKey)) continue;
      for (const [name, v] of vars) {
        yield { key: v.key, name, value: v.value, scopeKey, processInstanceKey: scope.processInstanceKey, tenantId: scope.definition.tenantId };
      }
    }
  }

  listJobs(): Iterable<JobView> {
    return this.runtime.jobs.views();
  }

  *listProcessDefinitions(): Iterable<ProcessDefinitionView> {
    for (const d of this.runtime.deployments.all()) {
      yield {
        processDefinitionKey: d.key,
        bpmnProcessId: d.bpmnProcessId,
        version: d.version,
        name: d.model.name,
        resourceName: d.resourceName,
        tenantId: d.tenantId,
        deploymentKey: d.deploymentKey,
      };
    }
  }

  getProcessDefinitionXml(processDefinitionKey: string): string | undefined {
    return this.runtime.deployments.get(processDefinitionKey)?.xml;
  }

  /** Sequence flows taken by a process instance (for the UI's highlighted paths). */
  takenSequenceFlows(processInstanceKey: string): string[] {
    return [...(this.runtime.lifecycle.takenFlows.get(processInstanceKey) ?? [])];
  }

  close() {
    this.runtime.due.close();
    for (const [key, waiters] of this.completionWaiters) {
      for (const waiter of waiters) waiter(this.runtime.processInstances.get(key) as ProcessInstance);
    }
    this.completionWaiters.clear();
  }

  private rootInstanceOf(instance: ProcessInstance): ProcessInstance {
    let current = instance;
    while (current.callActivity) current = this.runtime.processInstances.get(current.callActivity.processInstanceKey) as ProcessInstance;
    return current;
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
      hasIncident: this.runtime.incidents.hasActive(instance.key),
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

function requireObject(value: unknown, field: string): Variables {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument(`Expected '${field}' to be a JSON object, but was ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Variables;
}
