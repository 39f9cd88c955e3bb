/**
 * Wires one engine's runtime: the shared state and every service, each given the runtime it belongs to.
 * The engine (engine.ts) supplies what only it owns: the clock, how commands and due timers are processed,
 * and where due-queue ticks are journaled.
 */
import type { Logger } from 'pino';
import { UserStore } from '../../engine-security/user-store';
import type { EngineClock } from '../clock';
import { Deployments } from '../deployments';
import { DueQueue } from '../due-queue';
import type { CompiledExpression } from '../feel';
import type { FeelLimits } from '../feel/feel-budget';
import { KeyGenerator } from '../keys';
import { CompensationService } from './compensation';
import { fireDueTask } from './due-tasks';
import type { ElementInstance } from './element-instance';
import { ErrorCatcher } from './error-catcher';
import { EventTriggers } from './event-triggers';
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
  const keys = new KeyGenerator();
  const rt = {
    logger: host.logger,
    keys,
    clock: host.clock,
    deployments: new Deployments(keys),
    variables: new VariableStore(keys),
    processInstances: new Map(),
    elementInstances: new Map(),
    evaluate: (expression: CompiledExpression, scope: ElementInstance | undefined) =>
      expression.evaluate((name) => rt.variables.lookup(scope, name), feelContext(rt, scope)),
    enqueue: host.enqueue,
    steps: host.steps,
    process: host.process,
  } as unknown as { -readonly [K in keyof Runtime]: Runtime[K] };
  rt.feelBudgets = new FeelBudgets(host.feelLimits, host.onFeelBudgetExceeded);
  rt.due = new DueQueue(host.clock, (task, due) => host.fireDue(() => fireDueTask(rt, task, due)), host.onTick);
  // services reach each other through rt, so the order here only matters for constructors that read it
  rt.lifecycle = new Lifecycle(rt);
  rt.history = new HistoryRetention(rt, host.historyLimit);
  rt.jobs = new JobService(rt);
  rt.userTasks = new UserTaskService(rt);
  rt.users = new UserStore();
  rt.messages = new MessageService(rt);
  rt.signals = new SignalService(rt);
  rt.startEvents = new StartEvents(rt);
  rt.timers = new TimerService(rt);
  rt.triggers = new EventTriggers(rt);
  rt.incidents = new IncidentService(rt);
  rt.compensation = new CompensationService(rt);
  rt.errors = new ErrorCatcher(rt);
  return rt;
}
