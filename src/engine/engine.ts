/**
 * The embedded engine: composes the runtime services, runs every command and the steps it causes in
 * bounded slices (step-slices.ts: a token loop goes on between other commands), journals it when the
 * engine is durable, and answers queries (queries.ts). After each command and slice, ended instances
 * beyond the history limit are removed (runtime/history-retention.ts).
 *
 * Durability (Zeebe's "acknowledged means on the log"): a durable engine appends each command to its
 * journal before running it; callers acknowledge a client only after `durable()` resolves. On open, the
 * newest snapshot is restored and the journal records after it are replayed (journal/persistence.ts).
 */
import pino, { type Logger } from 'pino';
import type { UserDirectory } from '../engine-security/user-directory';
import type { StoredUser, UserChanges, UserView } from '../engine-security/user-store';
import { EngineClock } from './clock';
import { ClockCommands } from './clock-commands';
import { CompletionWaiters } from './completion-waiters';
import type { ProcessDefinition } from './deployments';
import { EngineAdmission } from './engine-admission';
import type {
  ActivatedJob,
  ActivateJobsCommand,
  CreateInstanceCommand,
  Deployment,
  DeployResource,
  EngineApi,
  JobChangeset,
  JobStream,
  ProcessInstanceCreated,
  PublishMessageCommand,
  UserTaskChangeset,
  UserTaskCommand,
  Variables,
} from './engine-api';
import { EngineRecorder } from './engine-recorder';
import { requireObject } from './errors';
import type { FeelLimits } from './feel';
import { cancelInstance, createInstance, deleteResource, setVariables } from './instance-commands';
import type { JournalRecord } from './journal/journal-record';
import { EnginePersistence } from './journal/persistence';
import { replayJournal } from './journal/replay';
import { EngineQueries } from './queries';
import { createRuntime } from './runtime/create-runtime';
import { DEFAULT_HISTORY_LIMIT } from './runtime/history-retention';
import type { Runtime } from './runtime/runtime';
import { StepSlices } from './step-slices';

export { createEngine, type EngineOptions, openEngine } from './open-engine';

export type Engine = EmbeddedEngine;

export class EmbeddedEngine implements EngineApi, UserDirectory {
  readonly runtime: Runtime;
  /** runs commands and their steps in bounded slices (step-slices.ts) */
  private readonly slices: StepSlices;
  private readonly completion: CompletionWaiters;
  private readonly engineClock = new EngineClock();
  private readonly recorder: EngineRecorder;
  /** refuses commands after a journal failure or below the free-space minimum */
  readonly admission: EngineAdmission;
  private readonly views: EngineQueries;
  private storingDeployment = false;
  readonly clock = new ClockCommands(this.engineClock, {
    admit: () => this.admission.admit(),
    record: (record) => this.record(record),
    due: () => this.runtime.due,
  });

  /** Camunda-like profile: what a clock change made due fires after the change answers, not inside it */
  get clockTimersLater(): boolean {
    return this.clock.timersLater;
  }
  set clockTimersLater(later: boolean) {
    this.clock.timersLater = later;
  }

  constructor(logger?: Logger, historyLimit = DEFAULT_HISTORY_LIMIT, feelLimits?: FeelLimits) {
    this.recorder = new EngineRecorder(
      () => this.slices.busy,
      (err) => this.admission.halt(err),
    );
    this.slices = new StepSlices({
      // a slice that goes on with a long-running command's steps is admitted and journaled first, like a command
      beforeContinue: () => {
        this.admission.admit();
        this.record({ t: this.now(), c: 'continue' });
      },
      afterSlice: () => {
        // every command and slice ends with the history beyond the limit removed: a replay removes at the same points
        this.runtime.history.evictBeyondLimit();
        this.runtime.jobs.flushNotifications();
      },
      onSliceFailed: (err) => this.runtime.logger.error({ err }, 'a step of a long-running command failed'),
    });
    const rt = createRuntime({
      logger: logger ?? pino({ level: 'info' }),
      clock: this.engineClock,
      enqueue: (step) => this.slices.enqueue(step),
      steps: this.slices,
      process: (command) => this.process(command),
      fireDue: (fire) => this.fireSafely(fire),
      onTick: (now) => this.record({ t: now, c: 'tick' }),
      historyLimit,
      feelLimits,
      onFeelBudgetExceeded: (excess) => {
        this.record({ t: this.now(), c: 'feelBudget', back: this.recorder.backToCommand(), ...excess });
      },
    });
    this.runtime = rt;
    this.views = new EngineQueries(rt);
    rt.jobs.onStreamed = (key, worker, timeout) =>
      this.record({ t: this.clock.now(), c: 'streamed', key, worker, timeout });
    this.completion = new CompletionWaiters(rt);
    this.admission = new EngineAdmission(rt, () => {
      this.slices.resume(); // (they paused when a slice was refused)
      this.fireOverdue();
    });
  }

  /** Resolves once every command accepted so far is on disk (at once for an in-memory engine). */
  durable(): Promise<void> {
    return this.recorder.durable();
  }

  /** Takes a snapshot now (between commands); false when the engine is in memory or it could not. */
  snapshot(): boolean {
    return this.idle() && this.recorder.persistence?.snapshot() === true;
  }

  /** Settles once no periodic snapshot is due to start or being written in the background. */
  snapshotsWritten(): Promise<void> {
    const persistence = this.recorder.persistence;
    return persistence ? persistence.snapshotsWritten() : Promise.resolve();
  }

  /** Between commands, with nothing a snapshot could not describe (see step-slices.ts): a snapshot may be taken. */
  private idle(): boolean {
    return !this.storingDeployment && this.slices.describable();
  }

  async attachDataDir(dir: string, snapshotEvery: number) {
    this.recorder.replaying = true;
    this.runtime.due.suspended = true;
    this.slices.pause(); // the journal's 'continue' records drive the slices
    try {
      this.recorder.persistence = await EnginePersistence.open(dir, this.runtime, {
        snapshotEvery,
        idle: () => this.idle(),
        replay: (records) => replayJournal(this, records),
      });
    } finally {
      this.recorder.replaying = false;
      this.engineClock.setReplayTime(undefined);
      this.runtime.due.suspended = false;
    }
    this.slices.resume(); // a loop that was running goes on, in slices
    this.runtime.history.evictBeyondLimit(); // (only does something when the limit was lowered since the snapshot)
    this.fireOverdue(); // timers that fell due while the engine was down
  }

  /** Turns timers on and fires, in due order, those that fell due while they were off. */
  private fireOverdue() {
    this.runtime.due.suspended = false;
    if (this.runtime.due.hasDue()) this.record({ t: this.clock.now(), c: 'tick' });
    this.runtime.due.fireDue();
    this.runtime.due.rearm();
  }

  private record(record: JournalRecord) {
    this.recorder.record(record);
  }

  private fireSafely(fire: () => void) {
    try {
      this.process(fire);
    } catch (err) {
      // a timer belongs to no client request: log instead of crashing the host process
      this.runtime.logger.error({ err }, 'a due timer failed');
    }
  }

  /** Runs a command and the steps it causes (the rest in later slices), then wakes long-polling job requests. */
  private process<T>(command: () => T): T {
    return this.slices.run(command);
  }

  /** Journals a command (before it runs, like Zeebe's log), then runs it. */
  private command<T>(record: JournalRecord, run: () => T): T {
    this.admission.admit();
    this.record(record);
    return this.process(run);
  }

  private now() {
    return this.clock.now();
  }

  async deploy(resources: DeployResource[]): Promise<Deployment> {
    this.admission.admit();
    const created: ProcessDefinition[] = [];
    const contents = resources.map((r) => ({
      name: r.name,
      content: typeof r.content === 'string' ? r.content : r.content.toString('utf8'),
    }));
    let stored = false;
    try {
      const deployment = await this.recorder.recordAround((record) =>
        this.runtime.deployments.deploy(
          contents,
          (d) => created.push(d),
          () => {
            record({ t: this.now(), c: 'deploy', resources: contents });
            stored = this.storingDeployment = true; // until its start events are activated: no snapshot
          },
        ),
      );
      this.process(() => {
        for (const definition of created) this.runtime.startEvents.activate(definition.bpmnProcessId, definition);
      });
      return deployment;
    } finally {
      if (stored) this.storingDeployment = false;
    }
  }

  deleteResource(resourceKey: string): void {
    this.command({ t: this.now(), c: 'delete', key: resourceKey }, () => deleteResource(this.runtime, resourceKey));
  }

  createProcessInstance(cmd: CreateInstanceCommand): ProcessInstanceCreated {
    const variables = requireObject(cmd.variables, 'variables');
    return this.command({ t: this.now(), c: 'create', cmd: { ...cmd, variables } }, () =>
      createInstance(this.runtime, cmd, variables),
    );
  }

  awaitCompletion(processInstanceKey: string, timeoutMs: number, fetchVariables?: string[]): Promise<Variables> {
    return this.completion.wait(processInstanceKey, timeoutMs, fetchVariables);
  }

  cancelProcessInstance(processInstanceKey: string): void {
    this.command({ t: this.now(), c: 'cancel', key: processInstanceKey }, () =>
      cancelInstance(this.runtime, processInstanceKey),
    );
  }

  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): { key: string } {
    const values = requireObject(variables, 'variables');
    return this.command({ t: this.now(), c: 'setVariables', key: elementInstanceKey, variables: values, local }, () =>
      setVariables(this.runtime, elementInstanceKey, values, local),
    );
  }

  activateJobs(cmd: ActivateJobsCommand): ActivatedJob[] {
    // recorded after running, and only when it activated something: an empty poll changes nothing
    this.admission.admit();
    const jobs = this.process(() => this.runtime.jobs.activate(cmd));
    if (jobs.length > 0) this.record({ t: this.now(), c: 'activate', cmd });
    return jobs;
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    return this.runtime.jobs.onJobsAvailable(type, listener);
  }

  openJobStream(stream: JobStream): () => void {
    return this.runtime.jobs.openStream(stream);
  }

  completeJob(jobKey: string, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    this.command({ t: this.now(), c: 'complete', key: jobKey, variables: values }, () =>
      this.runtime.jobs.complete(jobKey, values),
    );
  }

  failJob(jobKey: string, retries: number, errorMessage: string, retryBackOffMs: number, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    const backOff = Math.max(0, retryBackOffMs);
    this.command(
      { t: this.now(), c: 'fail', key: jobKey, retries, message: errorMessage, backOff, variables: values },
      () => this.runtime.jobs.fail(jobKey, retries, errorMessage, backOff, values),
    );
  }

  throwError(jobKey: string, errorCode: string, errorMessage: string, variables?: Variables): void {
    const values = requireObject(variables, 'variables');
    this.command(
      { t: this.now(), c: 'throwError', key: jobKey, code: errorCode, message: errorMessage, variables: values },
      () => this.runtime.jobs.throwError(jobKey, errorCode, errorMessage, values),
    );
  }

  updateJobRetries(jobKey: string, retries: number): void {
    this.command({ t: this.now(), c: 'retries', key: jobKey, retries }, () =>
      this.runtime.jobs.updateRetries(jobKey, retries),
    );
  }

  updateJobTimeout(jobKey: string, timeoutMs: number): void {
    this.command({ t: this.now(), c: 'timeout', key: jobKey, timeout: timeoutMs }, () =>
      this.runtime.jobs.updateTimeout(jobKey, timeoutMs),
    );
  }

  updateJob(jobKey: string, changeset: JobChangeset): void {
    this.command({ t: this.now(), c: 'updateJob', key: jobKey, changeset }, () =>
      this.runtime.jobs.update(jobKey, changeset),
    );
  }

  broadcastSignal(signalName: string, variables?: Variables): { key: string } {
    const values = requireObject(variables, 'variables');
    return this.command({ t: this.now(), c: 'signal', name: signalName, variables: values }, () =>
      this.runtime.signals.broadcast(signalName, values),
    );
  }

  publishMessage(cmd: PublishMessageCommand): { key: string } {
    const values = requireObject(cmd.variables, 'variables');
    const full = { ...cmd, variables: values };
    return this.command({ t: this.now(), c: 'publish', cmd: full }, () => this.runtime.messages.publish(full));
  }

  correlateMessage(
    name: string,
    correlationKey: string,
    variables?: Variables,
  ): { key: string; processInstanceKey: string } {
    const values = requireObject(variables, 'variables');
    return this.command({ t: this.now(), c: 'correlate', name, correlationKey, variables: values }, () =>
      this.runtime.messages.correlate(name, correlationKey, values),
    );
  }

  resolveIncident(incidentKey: string): void {
    this.command({ t: this.now(), c: 'resolve', key: incidentKey }, () => this.runtime.incidents.resolve(incidentKey));
  }

  // Camunda user tasks (runtime/user-tasks.ts): one journal record shape for all their commands
  completeUserTask = (key: string, variables?: Variables) =>
    this.applyUserTaskCommand({ op: 'complete', key, variables: requireObject(variables, 'variables') });
  assignUserTask = (key: string, assignee: string, allowOverride: boolean) =>
    this.applyUserTaskCommand({ op: 'assign', key, assignee, allowOverride });
  unassignUserTask = (key: string) => this.applyUserTaskCommand({ op: 'unassign', key });
  updateUserTask = (key: string, changeset: UserTaskChangeset) =>
    this.applyUserTaskCommand({ op: 'update', key, changeset });
  applyUserTaskCommand(cmd: UserTaskCommand): void {
    this.command({ t: this.now(), c: 'userTask', cmd }, () => this.runtime.userTasks.apply(cmd));
  }

  // users (engine-security/): journaled with their password hash, never a password
  createUser = (user: StoredUser): UserView =>
    this.command({ t: this.now(), c: 'createUser', user }, () => this.runtime.users.create(user));
  updateUser = (username: string, changes: UserChanges): UserView =>
    this.command({ t: this.now(), c: 'updateUser', username, changes }, () =>
      this.runtime.users.update(username, changes),
    );
  deleteUser = (username: string): void =>
    this.command({ t: this.now(), c: 'deleteUser', username }, () => this.runtime.users.delete(username));
  getUser = (username: string) => this.runtime.users.get(username);
  listUsers = () => this.runtime.users.list();
  userPasswordHash = (username: string) => this.runtime.users.passwordHash(username);

  /** Replays a stream activation (see journal/replay.ts). */
  activateStreamedJob(key: string, worker: string, timeout: number) {
    this.process(() => this.runtime.jobs.activateSpecific(key, worker, timeout));
  }

  // ---- queries (queries.ts) ----
  getProcessInstance = (key: string) => this.views.getProcessInstance(key);
  listProcessInstances = () => this.views.listProcessInstances();
  listElementInstances = (processInstanceKey?: string) => this.views.listElementInstances(processInstanceKey);
  listIncidents = () => this.views.listIncidents();
  // (the journal may have failed in the background, before a command found it out)
  haltedBecause = () => this.admission.refusedBecause() ?? this.recorder.persistence?.failure?.message;
  listVariables = (processInstanceKey?: string) => this.views.listVariables(processInstanceKey);
  listJobs = () => this.views.listJobs();
  listUserTasks = () => this.views.listUserTasks();
  listProcessDefinitions = () => this.views.listProcessDefinitions();
  getProcessDefinitionXml = (key: string) => this.views.getProcessDefinitionXml(key);
  takenSequenceFlows = (processInstanceKey: string) => this.views.takenSequenceFlows(processInstanceKey);
  listDecisionDefinitions = () => this.views.listDecisionDefinitions();
  listDecisionRequirements = () => this.views.listDecisionRequirements();
  getDecisionRequirementsXml = (key: string) => this.views.getDecisionRequirementsXml(key);
  listForms = () => this.views.listForms();

  close() {
    this.slices.pause(); // a running loop stops here; its journal has it, and a restart goes on with it
    this.admission.close();
    this.runtime.due.close();
    this.recorder.persistence?.close();
    this.completion.close();
  }
}
