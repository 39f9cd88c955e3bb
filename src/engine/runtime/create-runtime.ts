/**
 * Wires one engine's runtime: the shared state and every service, each given the runtime it belongs to.
 * The engine (engine.ts) supplies what only it owns: the clock, how commands and due timers are processed,
 * and where due-queue ticks are journaled.
 */
import type { Logger } from 'pino';
import { UserStore } from '../../engine-security/user-store';
import { BatchOperations } from '../batch/batch-operations';
import type { EngineClock } from '../clock';
import { Deployments } from '../deployments';
import { DueQueue } from '../due-queue';
import type { CompiledExpression } from '../feel';
import type { FeelLimits } from '../feel/feel-budget';
import { KeyGenerator } from '../keys';
import { CompensationService } from './compensation';
import { ConditionalEvents } from './conditional-events';
import { DecisionEvaluations } from './decision-evaluations';
import { fireDueTask } from './due-tasks';
import type { ElementInstance, ProcessInstance } from './element-instance';
import { EngineEvents } from './engine-events';
import { ErrorCatcher } from './error-catcher';
import { EventTriggers } from './event-triggers';
import { ListenerService } from './execution-listeners';
import { type BudgetExcess, FeelBudgets } from './feel-budgets';
import { HistoryRetention } from './history-retention';
import { IncidentService } from './incidents';
import { JobService } from './jobs';
import { Lifecycle } from './lifecycle';
import { feelContext } from './mappings';
import { MessageService } from './messages';
import type { PendingSteps, Step } from './pending-steps';
import type { Runtime } from './runtime';
import { SignalService } from './signals';
import { StartEvents } from './start-events';
import { TimerService } from './timers';
import { UserTaskService } from './user-tasks';
import { VariableStore } from './variables';

export interface RuntimeHost {
  logger: Logger;
  clock: EngineClock;
  /** queues a follow-up step of the command being processed */
  enqueue(step: Step): void;
  /** the steps still to run between commands */
  steps: PendingSteps;
  /** runs a command and every step it causes */
  process<T>(command: () => T): T;
  /** runs a due timer's action (the engine processes it and keeps a failure from crashing the host) */
  fireDue(fire: () => void): void;
  /** the due queue fired entries at `now` (journaled so a replay fires them at the same point) */
  onTick(now: number): void;
  /** ended root process instances kept queryable (history-retention.ts) */
  historyLimit: number;
  /** what one FEEL evaluation may spend (absent: the defaults) */
  feelLimits?: FeelLimits;
  /** a FEEL evaluation went over its limits (journaled so a replay fails it again without running it) */
  onFeelBudgetExceeded?(excess: BudgetExcess): void;
}

export function createRuntime(host: RuntimeHost): Runtime {
  return new WiredRuntime(host);
}

/**
 * The runtime as one object: services reach each other through it, so each is given it while it is being
 * built; the order below only matters for constructors that read another service.
 */
class WiredRuntime implements Runtime {
  readonly logger: Logger;
  readonly keys = new KeyGenerator();
  readonly clock: EngineClock;
  readonly due: DueQueue;
  readonly deployments: Deployments;
  readonly variables: VariableStore;
  readonly processInstances = new Map<string, ProcessInstance>();
  readonly elementInstances = new Map<string, ElementInstance>();
  readonly feelBudgets: FeelBudgets;
  readonly lifecycle: Lifecycle;
  readonly history: HistoryRetention;
  readonly jobs: JobService;
  readonly userTasks: UserTaskService;
  readonly listeners: ListenerService;
  readonly users = new UserStore();
  readonly decisionEvaluations: DecisionEvaluations;
  readonly batchOperations: BatchOperations;
  readonly events = new EngineEvents();
  readonly messages: MessageService;
  readonly signals: SignalService;
  readonly startEvents: StartEvents;
  readonly timers: TimerService;
  readonly triggers: EventTriggers;
  readonly incidents: IncidentService;
  readonly compensation: CompensationService;
  readonly errors: ErrorCatcher;
  readonly conditionals: ConditionalEvents;
  readonly enqueue: (step: Step) => void;
  readonly steps: PendingSteps;
  readonly process: <T>(command: () => T) => T;

  constructor(host: RuntimeHost) {
    this.logger = host.logger;
    this.clock = host.clock;
    this.enqueue = host.enqueue;
    this.steps = host.steps;
    this.process = host.process;
    this.deployments = new Deployments(this.keys);
    this.variables = new VariableStore(this.keys);
    this.feelBudgets = new FeelBudgets(host.feelLimits, host.onFeelBudgetExceeded);
    this.due = new DueQueue(host.clock, (task, due) => host.fireDue(() => fireDueTask(this, task, due)), host.onTick);
    this.lifecycle = new Lifecycle(this);
    this.history = new HistoryRetention(this, host.historyLimit);
    this.jobs = new JobService(this);
    this.userTasks = new UserTaskService(this);
    this.listeners = new ListenerService(this);
    this.messages = new MessageService(this);
    this.signals = new SignalService(this);
    this.startEvents = new StartEvents(this);
    this.timers = new TimerService(this);
    this.triggers = new EventTriggers(this);
    this.incidents = new IncidentService(this);
    this.compensation = new CompensationService(this);
    this.errors = new ErrorCatcher(this);
    this.decisionEvaluations = new DecisionEvaluations(this);
    this.conditionals = new ConditionalEvents(this);
    this.batchOperations = new BatchOperations(this);
  }

  evaluate(expression: CompiledExpression, scope: ElementInstance | undefined): unknown {
    return expression.evaluate((name) => this.variables.lookup(scope, name), feelContext(this, scope));
  }
}
