/**
 * The state and services every part of the interpreter shares. One Runtime per engine; element
 * behaviours, jobs, messages, timers, incidents and compensation all reach each other through it.
 *
 * Processing model (as Zeebe's stream processor): an external command runs to completion before the next
 * one; the follow-up steps it causes (activate the next element, complete a scope, ...) are queued and
 * run in order, up to a fixed number per slice (../step-slices.ts): almost every command leaves the state
 * quiescent; a longer one (a token loop) goes on in later slices, between other commands.
 */
import type { Logger } from 'pino';
import type { UserStore } from '../../engine-security/user-store';
import type { BatchOperations } from '../batch/batch-operations';
import type { EngineClock } from '../clock';
import type { Deployments } from '../deployments';
import type { DueQueue } from '../due-queue';
import type { CompiledExpression } from '../feel';
import type { KeyGenerator } from '../keys';
import type { CompensationService } from './compensation';
import type { ConditionalEvents } from './conditional-events';
import type { DecisionEvaluations } from './decision-evaluations';
import type { ElementInstance, ProcessInstance } from './element-instance';
import type { EngineEvents } from './engine-events';
import type { ErrorCatcher } from './error-catcher';
import type { EventTriggers } from './event-triggers';
import type { ListenerService } from './execution-listeners';
import type { FeelBudgets } from './feel-budgets';
import type { HistoryRetention } from './history-retention';
import type { IncidentService } from './incidents';
import type { JobService } from './jobs';
import type { Lifecycle } from './lifecycle';
import type { MessageService } from './messages';
import type { PendingSteps, Step } from './pending-steps';
import type { SignalService } from './signals';
import type { StartEvents } from './start-events';
import type { TimerService } from './timers';
import type { UserTaskService } from './user-tasks';
import type { VariableStore } from './variables';

export interface Runtime {
  readonly logger: Logger;
  readonly keys: KeyGenerator;
  readonly clock: EngineClock;
  readonly due: DueQueue;
  readonly deployments: Deployments;
  readonly variables: VariableStore;
  readonly processInstances: Map<string, ProcessInstance>;
  readonly elementInstances: Map<string, ElementInstance>;
  readonly lifecycle: Lifecycle;
  readonly jobs: JobService;
  readonly userTasks: UserTaskService;
  /** execution and task listeners' jobs (execution-listeners.ts) */
  readonly listeners: ListenerService;
  /** the engine's basic-authentication users (engine-security/user-store.ts) */
  readonly users: UserStore;
  /** decision evaluations and their decision instances (decision-evaluations.ts) */
  readonly decisionEvaluations: DecisionEvaluations;
  readonly messages: MessageService;
  readonly signals: SignalService;
  readonly startEvents: StartEvents;
  readonly timers: TimerService;
  readonly triggers: EventTriggers;
  readonly incidents: IncidentService;
  readonly compensation: CompensationService;
  readonly errors: ErrorCatcher;
  /** conditional events: re-evaluated on variable changes (conditional-events.ts) */
  readonly conditionals: ConditionalEvents;
  /** which ended instances are kept (history-retention.ts) */
  readonly history: HistoryRetention;
  /** what the engine does, for the management port's metrics (engine-events.ts) */
  readonly events: EngineEvents;
  /** batch operations and their items (../batch/batch-operations.ts) */
  readonly batchOperations: BatchOperations;
  /** what a FEEL evaluation may spend (feel-budgets.ts) */
  readonly feelBudgets: FeelBudgets;
  /** Evaluates an expression against the variables visible from a scope; throws FeelEvaluationError. */
  evaluate(expression: CompiledExpression, scope: ElementInstance | undefined): unknown;
  /** Queues a follow-up step of the current command. */
  enqueue(step: Step): void;
  /** the steps still to run between commands (a snapshot describes them) */
  readonly steps: PendingSteps;
  /** Runs an external command or a due timer: the step, then every follow-up, in order. */
  process<T>(command: () => T): T;
}
