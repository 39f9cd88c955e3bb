/**
 * Time skipping: when do the timers the instances under test wait on fall due, and moving the clock just past
 * the earliest (clock.skipToNextTimer, clock.runUntilIdle). A test no longer needs to know a timer's duration.
 *
 * REST v2 lists no timers, so a due date is worked out as the engine does: the timer definition from the
 * model's XML (timer-catchers.ts) counted from the start of the element instance that opened it (the catch
 * event, or the activity a boundary timer is attached to). Those start times are on the engine clock, so
 * this holds on the embedded engine, the camunda-like profile and a real cluster alike.
 */
import { firstDueDate } from '../engine/time/first-due-date';
import { type CheckResult, pollUntil } from './poll';
import type { ElementInstanceItem, RestApi } from './rest-api';
import { type TimerCatcher, timerCatchers } from './timer-catchers';

export interface DueTimer {
  processInstanceKey: string;
  /** the timer event's BPMN id */
  elementId: string;
  /** the element instance the timer belongs to (the catch event's, or the boundary event's activity's) */
  elementInstanceKey: string;
  /** engine time (epoch ms) at which it falls due */
  dueAt: number;
}

/** What the instances under test wait on right now. */
export interface WaitingState {
  timers: DueTimer[];
  /** timers whose value is a FEEL expression: the toolkit cannot tell when they fall due */
  unknown: { processInstanceKey: string; elementId: string; value: string }[];
  /** active elements that wait on something other than a timer (a job, a message, a user task, a child) */
  others: { processInstanceKey: string; elementId: string; type: string }[];
  /** the instances still active */
  active: string[];
}

/** element instances that only hold others: they wait on what is inside them */
const CONTAINERS = new Set([
  'PROCESS',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'MULTI_INSTANCE_BODY',
  'AD_HOC_SUB_PROCESS',
]);

export function createTimerReader(api: RestApi) {
  const modelTimers = new Map<string, Promise<TimerCatcher[]>>();
  const timersOf = (processDefinitionKey: string) => {
    let timers = modelTimers.get(processDefinitionKey);
    if (!timers) {
      timers = api.processDefinitionXml(processDefinitionKey).then(timerCatchers);
      modelTimers.set(processDefinitionKey, timers);
    }
    return timers;
  };

  async function waitingOf(processInstanceKey: string, into: WaitingState): Promise<void> {
    const instance = await api.processInstance(processInstanceKey);
    if (instance?.state !== 'ACTIVE') return;
    into.active.push(processInstanceKey);
    const catchers = await timersOf(String(instance.processDefinitionKey));
    const open = (await api.elementInstances(processInstanceKey)).filter((e) => e.state === 'ACTIVE');
    for (const element of open) {
      // a catch event behind an event-based gateway is not active yet: its timer runs from the gateway's start
      const own = catchers.filter(
        (c) =>
          (c.kind === 'intermediateCatchEvent' && c.elementId === element.elementId && !c.afterGateway) ||
          c.afterGateway === element.elementId,
      );
      const attached = catchers.filter((c) => c.attachedToRef === element.elementId);
      for (const catcher of [...own, ...attached]) addTimer(processInstanceKey, element, catcher, into);
      if (own.length === 0 && !CONTAINERS.has(element.type)) {
        into.others.push({ processInstanceKey, elementId: element.elementId, type: element.type });
      }
    }
  }

  return {
    async waiting(processInstanceKeys: readonly string[]): Promise<WaitingState> {
      const state: WaitingState = { timers: [], unknown: [], others: [], active: [] };
      for (const key of new Set(processInstanceKeys.map(String))) await waitingOf(key, state);
      state.timers.sort((a, b) => a.dueAt - b.dueAt);
      return state;
    },
  };
}

function addTimer(processInstanceKey: string, element: ElementInstanceItem, catcher: TimerCatcher, into: WaitingState) {
  const startedAt = element.startDate ? Date.parse(element.startDate) : Number.NaN;
  if (catcher.value.startsWith('=') || !Number.isFinite(startedAt)) {
    into.unknown.push({ processInstanceKey, elementId: catcher.elementId, value: catcher.value });
    return;
  }
  const { due } = firstDueDate(catcher.timer, catcher.value, startedAt);
  into.timers.push({
    processInstanceKey,
    elementId: catcher.elementId,
    elementInstanceKey: String(element.elementInstanceKey),
    dueAt: due,
  });
}

/**
 * After the clock passed a timer: waits until the instances' element history shows it fired (an element
 * instance ended or appeared, or an instance ended), then a settle window so what follows is read too.
 */
export async function awaitTimerFired(
  api: RestApi,
  processInstanceKeys: readonly string[],
  before: string,
  options: { timeoutMs: number; settleMs: number },
): Promise<boolean> {
  const check = async (): Promise<CheckResult> =>
    (await historyFingerprint(api, processInstanceKeys)) !== before
      ? { ok: true }
      : { ok: false, reason: 'nothing happened yet' };
  const result = await pollUntil(check, { timeoutMs: options.timeoutMs });
  if (result.ok && options.settleMs > 0) await new Promise((resolve) => setTimeout(resolve, options.settleMs));
  return result.ok;
}

/** what changes whenever an instance moves: its element instances and their states */
export async function historyFingerprint(api: RestApi, processInstanceKeys: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const key of processInstanceKeys) {
    const elements = await api.elementInstances(String(key));
    parts.push(`${key}:${elements.map((e) => `${e.elementInstanceKey}=${e.state}`).join(',')}`);
  }
  return parts.join(';');
}
