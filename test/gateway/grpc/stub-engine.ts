/**
 * A stand-in EngineApi for gateway-level tests only (protocol, error mapping, long polling, streams,
 * backpressure): it records calls and answers what the test arranges. Engine semantics are tested with the
 * real engine (sdk-end-to-end.test.ts), never here.
 */
import type { ActivatedJob, EngineApi, JobStream, Variables } from '../../../src/engine/engine-api';
import { EngineError } from '../../../src/engine/errors';

export class StubEngine {
  /** jobs waiting to be activated, by type */
  readonly waiting = new Map<string, ActivatedJob[]>();
  readonly pollers = new Map<string, Set<() => void>>();
  readonly streams: JobStream[] = [];
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** set to make every command throw this */
  failWith: unknown;
  /** resolves pending awaitCompletion calls */
  private completionWaiters: ((v: Variables) => void)[] = [];

  readonly api: EngineApi = this.build();

  addJob(job: Partial<ActivatedJob> & { type: string }) {
    const full: ActivatedJob = {
      key: String(2251799813685249 + this.calls.length + (this.waiting.get(job.type)?.length ?? 0)),
      processInstanceKey: '2251799813685100',
      bpmnProcessId: 'stub-process',
      processDefinitionVersion: 1,
      processDefinitionKey: '2251799813685001',
      elementId: 'task',
      elementInstanceKey: '2251799813685101',
      customHeaders: {},
      worker: '',
      retries: 3,
      deadline: 0,
      variables: {},
      tenantId: '<default>',
      ...job,
    };
    const stream = this.streams.find((s) => s.type === job.type);
    if (stream) {
      stream.push({ ...full, worker: stream.worker });
      return;
    }
    this.waiting.set(job.type, [...(this.waiting.get(job.type) ?? []), full]);
    for (const listener of [...(this.pollers.get(job.type) ?? [])]) listener();
  }

  pollerCount(type: string) {
    return this.pollers.get(type)?.size ?? 0;
  }

  completeAll(variables: Variables) {
    for (const resolve of this.completionWaiters.splice(0)) resolve(variables);
  }

  private build(): EngineApi {
    const record = (method: string, args: unknown[]) => {
      this.calls.push({ method, args });
      if (this.failWith) throw this.failWith;
    };
    const unused = (method: string) => () => {
      throw new Error(`StubEngine.${method} is not arranged by this test`);
    };
    return {
      haltedBecause: () => undefined,
      clock: {
        now: () => Date.now(),
        pin: unused('clock.pin'),
        advance: unused('clock.advance'),
        reset: unused('clock.reset'),
      },
      deploy: async (resources) => {
        record('deploy', [resources]);
        return {
          key: '2251799813685000',
          tenantId: '<default>',
          processes: resources.map((r, i) => ({
            bpmnProcessId: `process-${i}`,
            version: 1,
            processDefinitionKey: String(2251799813685001 + i),
            resourceName: r.name,
            tenantId: '<default>',
          })),
        };
      },
      deleteResource: (key) => record('deleteResource', [key]),
      evaluateDecision: unused('evaluateDecision'),
      createProcessInstance: (cmd) => {
        record('createProcessInstance', [cmd]);
        return {
          processDefinitionKey: '2251799813685001',
          bpmnProcessId: cmd.bpmnProcessId ?? 'stub',
          version: 1,
          processInstanceKey: '2251799813685100',
          tenantId: '<default>',
        };
      },
      awaitCompletion: (key, timeoutMs, fetchVariables) => {
        record('awaitCompletion', [key, timeoutMs, fetchVariables]);
        return new Promise((resolve) => this.completionWaiters.push(resolve));
      },
      cancelProcessInstance: (key) => record('cancelProcessInstance', [key]),
      setVariables: (key, variables, local) => {
        record('setVariables', [key, variables, local]);
        return { key: '2251799813685300' };
      },
      activateJobs: (cmd) => {
        record('activateJobs', [cmd]);
        const jobs = this.waiting.get(cmd.type) ?? [];
        const taken = jobs.splice(0, cmd.maxJobsToActivate);
        return taken.map((j) => ({ ...j, worker: cmd.worker }));
      },
      onJobsAvailable: (type, listener) => {
        const set = this.pollers.get(type) ?? new Set();
        set.add(listener);
        this.pollers.set(type, set);
        return () => set.delete(listener);
      },
      openJobStream: (stream) => {
        this.streams.push(stream);
        return () => this.streams.splice(this.streams.indexOf(stream), 1);
      },
      completeJob: (key, variables) => {
        record('completeJob', [key, variables]);
        throw new EngineError('NOT_FOUND', `Expected to complete job with key '${key}', but no such job was found`);
      },
      completeJobWithResult: (...args) => record('completeJobWithResult', args),
      awaitUserTaskTransition: async () => {},
      failJob: (...args) => record('failJob', args),
      throwError: (...args) => record('throwError', args),
      updateJobRetries: (...args) => record('updateJobRetries', args),
      updateJobTimeout: (...args) => record('updateJobTimeout', args),
      updateJob: (...args) => record('updateJob', args),
      publishMessage: (cmd) => {
        record('publishMessage', [cmd]);
        return { key: '2251799813685400' };
      },
      correlateMessage: unused('correlateMessage'),
      evaluateConditionals: unused('evaluateConditionals'),
      activateAdHocActivities: unused('activateAdHocActivities'),
      completeAdHocJob: unused('completeAdHocJob'),
      broadcastSignal: (...args) => {
        record('broadcastSignal', args);
        return { key: '2251799813685500' };
      },
      resolveIncident: (key) => record('resolveIncident', [key]),
      completeUserTask: unused('completeUserTask'),
      assignUserTask: unused('assignUserTask'),
      unassignUserTask: unused('unassignUserTask'),
      updateUserTask: unused('updateUserTask'),
      getProcessInstance: unused('getProcessInstance'),
      listProcessInstances: unused('listProcessInstances'),
      listElementInstances: unused('listElementInstances'),
      listIncidents: unused('listIncidents'),
      listVariables: unused('listVariables'),
      listJobs: unused('listJobs'),
      listUserTasks: unused('listUserTasks'),
      listProcessDefinitions: unused('listProcessDefinitions'),
      getProcessDefinitionXml: unused('getProcessDefinitionXml'),
    };
  }
}
