/**
 * The embedded engine: composes the runtime services, runs every command and the steps it causes in
 * bounded slices (step-slices.ts: a token loop goes on between other commands), journals it when the
 * engine is durable, and answers queries (queries.ts). After each command and slice, ended instances
 * beyond the history limit are removed (runtime/history-retention.ts).
 *
 * The client commands are declared once, in commands/command-table.ts: the methods below that run one are
 * made from its entries (commands/command-runner.ts checks, admits, journals and runs them). Durability (Zeebe's
 * "acknowledged means on the log"): a durable engine appends each command to its journal before running it;
 * callers acknowledge a client only after `durable()` resolves. On open, the newest snapshot is restored and
 * the journal records after it are replayed (journal/persistence.ts, commands/replay.ts).
 */
import pino, { type Logger } from 'pino';
import type { UserDirectory } from '../engine-security/user-directory';
import type { BatchItemInput, BatchOperationType } from './batch/batch-operation';
import { BatchRunner } from './batch/batch-runner';
import { EngineClock } from './clock';
import { ClockCommands } from './commands/clock-commands';
import { CommandRunner } from './commands/command-runner';
import type { CommandArgs, CommandName, CommandResult } from './commands/command-table';
import { DeployCommand } from './commands/deploy-command';
import type { JournalRecord } from './commands/journal-record';
import { replayJournal } from './commands/replay';
import { userTaskCalls } from './commands/user-commands';
import { CompletionWaiters } from './completion-waiters';
import { EngineAdmission } from './engine-admission';
import type { DeployResource, EngineApi, JobStream, Variables } from './engine-api';
import { EngineRecorder } from './engine-recorder';
import type { FeelLimits } from './feel';
import { EnginePersistence } from './journal/persistence';
import { EngineQueries } from './queries';
import { createRuntime } from './runtime/create-runtime';
import type { EngineEventListener } from './runtime/engine-events';
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
  /** the client commands of commands/command-table.ts, run the one way they run */
  private readonly commands: CommandRunner;
  private readonly deployments: DeployCommand;
  /** applies active batch operations' items in the background, a slice at a time (batch/batch-runner.ts) */
  private readonly batches: BatchRunner;
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

  /** Without a logger the engine logs nothing (the app passes its own). */
  constructor(
    logger: Logger = pino({ level: 'silent' }),
    historyLimit = DEFAULT_HISTORY_LIMIT,
    feelLimits?: FeelLimits,
  ) {
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
      atOneTime: (run) => this.engineClock.held(run),
      afterSlice: () => {
        // every command and slice ends with the history beyond the limit removed: a replay removes at the same points
        this.runtime.history.evictBeyondLimit();
        this.runtime.jobs.flushNotifications();
      },
      onSliceFailed: (err) => this.runtime.logger.error({ err }, 'a step of a long-running command failed'),
    });
    const rt = createRuntime({
      logger,
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
    this.recorder.onAppended = (seconds) => rt.events.emit(() => ({ kind: 'journalAppend', seconds }));
    this.views = new EngineQueries(rt);
    rt.jobs.onStreamed = (key, worker, timeout) =>
      this.record({ t: this.clock.now(), c: 'streamed', key, worker, timeout });
    this.completion = new CompletionWaiters(rt);
    this.admission = new EngineAdmission(rt, () => {
      this.slices.resume(); // (they paused when a slice was refused)
      this.fireOverdue();
    });
    const host = {
      runtime: rt,
      recorder: this.recorder,
      admit: () => this.admission.admit(),
      record: (record: JournalRecord) => this.record(record),
      process: <T>(run: () => T) => this.process(run),
      now: () => this.now(),
    };
    this.commands = new CommandRunner(host);
    this.deployments = new DeployCommand(host);
    this.batches = new BatchRunner({
      nextActive: () => rt.batchOperations.nextActive(),
      execute: (key, count) => this.commands.call('batchExecute', key, count),
      onRefused: (err) => rt.logger.debug({ err }, 'a batch operation slice was refused; retrying in a second'),
    });
    this.batches.start(); // (an engine over a data directory stops it while it replays)
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
    return !this.deployments.storing && this.slices.describable();
  }

  async attachDataDir(dir: string, snapshotEvery: number) {
    this.recorder.replaying = true;
    this.runtime.events.muted = true; // (a replay counts nothing, as in Zeebe)
    this.runtime.due.suspended = true;
    this.slices.pause(); // the journal's 'continue' records drive the slices
    this.batches.stop(); // and its 'batchExecute' records the batches
    const replayHost = {
      runtime: this.runtime,
      commands: this.commands,
      deploy: (resources: DeployResource[]) => this.deploy(resources),
      process: <T>(run: () => T) => this.process(run),
    };
    try {
      this.recorder.persistence = await EnginePersistence.open(dir, this.runtime, {
        snapshotEvery,
        idle: () => this.idle(),
        replay: (records) => replayJournal(replayHost, records),
      });
    } finally {
      this.recorder.replaying = false;
      this.runtime.events.muted = false;
      this.engineClock.setReplayTime(undefined);
      this.runtime.due.suspended = false;
    }
    this.slices.resume(); // a loop that was running goes on, in slices
    this.batches.start(); // a batch that was running goes on after its last journaled slice
    this.runtime.history.evictBeyondLimit(); // (only does something when the limit was lowered since the snapshot)
    this.fireOverdue(); // timers that fell due while the engine was down
  }

  /** Turns timers on and fires, in due order, those that fell due while they were off. */
  private fireOverdue() {
    this.runtime.due.suspended = false;
    this.engineClock.held(() => {
      // (fired at the tick's time, as its replay fires them)
      if (this.runtime.due.hasDue()) this.record({ t: this.clock.now(), c: 'tick' });
      this.runtime.due.fireDue();
    });
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

  private now() {
    return this.clock.now();
  }

  // ---- commands (commands/command-table.ts) ----
  deploy = (resources: DeployResource[]) => this.deployments.deploy(resources);
  deleteResource = this.command('delete');
  createProcessInstance = this.command('create');
  cancelProcessInstance = this.command('cancel');
  setVariables = this.command('setVariables');
  activateJobs = this.command('activate');
  completeJob = this.command('complete');
  completeJobWithResult = this.command('completeWithResult');
  failJob = this.command('fail');
  throwError = this.command('throwError');
  updateJobRetries = this.command('retries');
  updateJobTimeout = this.command('timeout');
  updateJob = this.command('updateJob');
  publishMessage = this.command('publish');
  correlateMessage = this.command('correlate');
  broadcastSignal = this.command('signal');
  evaluateConditionals = this.command('evaluateConditionals');
  activateAdHocActivities = this.command('activateAdHoc');
  completeAdHocJob = this.command('completeAdHocJob');
  resolveIncident = this.command('resolve');
  evaluateDecision = this.command('evaluateDecision');
  createBatchOperation = (type: BatchOperationType, items: BatchItemInput[], payload?: unknown) =>
    this.waking(this.commands.call('batchCreate', type, items, payload));
  suspendBatchOperation = this.command('batchSuspend');
  resumeBatchOperation = (key: string) => this.waking(this.commands.call('batchResume', key));
  cancelBatchOperation = this.command('batchCancel');
  // the four user task calls are one 'userTask' command
  private readonly userTasks = userTaskCalls(this.command('userTask'));
  completeUserTask = this.userTasks.completeUserTask;
  assignUserTask = this.userTasks.assignUserTask;
  unassignUserTask = this.userTasks.unassignUserTask;
  updateUserTask = this.userTasks.updateUserTask;
  createUser = this.command('createUser');
  updateUser = this.command('updateUser');
  deleteUser = this.command('deleteUser');
  modifyProcessInstance = this.command('modify');
  migrateProcessInstance = this.command('migrate');

  /** The method of a command of the table (bound lazily: the runner is made in the constructor). */
  private command<C extends CommandName>(c: C): (...args: CommandArgs<C>) => CommandResult<C> {
    return (...args) => this.commands.call(c, ...args);
  }

  /** A batch may have become active: the runner goes on with it. */
  private waking<T>(result: T): T {
    this.batches.wake();
    return result;
  }

  awaitCompletion(processInstanceKey: string, timeoutMs: number, fetchVariables?: string[]): Promise<Variables> {
    return this.completion.wait(processInstanceKey, timeoutMs, fetchVariables);
  }
  awaitUserTaskTransition(userTaskKey: string): Promise<void> {
    return this.runtime.userTasks.awaitTransition(userTaskKey);
  }
  onJobsAvailable = (type: string, listener: () => void) => this.runtime.jobs.onJobsAvailable(type, listener);
  onEngineEvent = (listener: EngineEventListener) => this.runtime.events.on(listener);
  openJobStream = (stream: JobStream) => this.runtime.jobs.openStream(stream);

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
  getUser = (username: string) => this.runtime.users.get(username);
  listUsers = () => this.runtime.users.list();
  userPasswordHash = (username: string) => this.runtime.users.passwordHash(username);
  listDecisionDefinitions = () => this.views.listDecisionDefinitions();
  listDecisionRequirements = () => this.views.listDecisionRequirements();
  getDecisionRequirementsXml = (key: string) => this.views.getDecisionRequirementsXml(key);
  listForms = () => this.views.listForms();
  listDecisionEvaluations = () => this.runtime.decisionEvaluations.list();
  listBatchOperations = () => this.runtime.batchOperations.views();
  listBatchOperationItems = () => this.runtime.batchOperations.itemViews();
  listMessageSubscriptions = () => this.runtime.messages.log.subscriptionViews();
  listCorrelatedMessageSubscriptions = () => this.runtime.messages.log.correlationViews();

  close() {
    this.slices.pause(); // a running loop stops here; its journal has it, and a restart goes on with it
    this.batches.stop(); // (so does a running batch)
    this.admission.close();
    this.runtime.due.close();
    this.recorder.persistence?.close();
    this.completion.close();
  }
}
