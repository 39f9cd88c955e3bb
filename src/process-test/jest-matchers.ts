/**
 * The instance assertions as jest matchers: `expect.extend(processTestMatchers)`, then
 * `await expect(pt.expectProcessInstance(key)).toBeCompleted()` or `.not.toHavePassedElements('refund')`.
 * Each matcher runs the toolkit's assertion (so it polls and holds negatives over the settle window in
 * the same way) and reports its failure message. `.not` maps to the toolkit's own negative assertion where
 * one exists (not passed, not activated, no incidents, not waiting for a message); elsewhere `.not` is
 * refused, because "not yet completed" read once proves nothing on an eventually consistent cluster.
 */
import type { ElementSelector } from './element-selector';
import type { ElementState, IncidentExpectation, ProcessInstanceAssert } from './process-instance-assert';

interface MatcherContext {
  isNot?: boolean;
}
type MatcherResult = { pass: boolean; message: () => string };

async function outcome(name: string, isNot: boolean, assertion: () => Promise<void>): Promise<MatcherResult> {
  try {
    await assertion();
    // a passed assertion: with .not mapped to the negative assertion, that one passed, so jest must not fail
    return { pass: !isNot, message: () => `${name} held` };
  } catch (err) {
    return { pass: isNot, message: () => (err as Error).message };
  }
}

function refuseNot(name: string): never {
  throw new Error(`expect(…).not.${name}() is not supported: use the positive assertion of the state you expect`);
}

type Positive<A extends unknown[]> = (subject: ProcessInstanceAssert, ...args: A) => Promise<void>;

/** A matcher from a positive assertion and, optionally, the negative one `.not` means. */
function matcher<A extends unknown[]>(name: string, positive: Positive<A>, negative?: Positive<A>) {
  return function (this: MatcherContext, received: ProcessInstanceAssert, ...args: A): Promise<MatcherResult> {
    if (typeof (received as { toBeCompleted?: unknown })?.toBeCompleted !== 'function') {
      throw new Error(`${name}: expect() needs pt.expectProcessInstance(key), got ${String(received)}`);
    }
    const isNot = this.isNot === true;
    if (isNot && !negative) refuseNot(name);
    const run = isNot ? (negative as Positive<A>) : positive;
    return outcome(name, isNot, () => run(received, ...args));
  };
}

export const processTestMatchers = {
  toBeCreated: matcher('toBeCreated', (s) => s.toBeCreated()),
  toBeActive: matcher('toBeActive', (s) => s.toBeActive()),
  toBeCompleted: matcher('toBeCompleted', (s) => s.toBeCompleted()),
  toBeTerminated: matcher('toBeTerminated', (s) => s.toBeTerminated()),
  toHavePassedElements: matcher(
    'toHavePassedElements',
    (s, ...e: ElementSelector[]) => s.toHavePassedElements(...e),
    (s, ...e: ElementSelector[]) => s.toHaveNotPassedElements(...e),
  ),
  toHavePassedElementsInOrder: matcher('toHavePassedElementsInOrder', (s, ...e: ElementSelector[]) =>
    s.toHavePassedElementsInOrder(...e),
  ),
  toHavePassedElementTimes: matcher(
    'toHavePassedElementTimes',
    (s, element: ElementSelector, times: number, state?: ElementState) =>
      s.toHavePassedElementTimes(element, times, state),
  ),
  toHaveActivatedElements: matcher(
    'toHaveActivatedElements',
    (s, ...e: ElementSelector[]) => s.toHavePassedElements(...e),
    (s, ...e: ElementSelector[]) => s.toHaveNotActivatedElements(...e),
  ),
  toHaveTerminatedElements: matcher('toHaveTerminatedElements', (s, ...e: ElementSelector[]) =>
    s.toHaveTerminatedElements(...e),
  ),
  toBeWaitingAt: matcher(
    'toBeWaitingAt',
    (s, ...e: ElementSelector[]) => s.toBeWaitingAt(...e),
    (s, ...e: ElementSelector[]) => s.toHaveNoActiveElements(...e),
  ),
  toHaveIncident: matcher(
    'toHaveIncident',
    (s, expected: IncidentExpectation = {}) => s.toHaveIncident(expected),
    (s) => s.toHaveNoIncidents(),
  ),
  toHaveVariables: matcher('toHaveVariables', (s, expected: Record<string, unknown>) => s.toHaveVariables(expected)),
  toHaveVariableSatisfying: matcher('toHaveVariableSatisfying', (s, name: string, fn: (value: unknown) => unknown) =>
    s.toHaveVariableSatisfying(name, fn),
  ),
  toHaveLocalVariables: matcher(
    'toHaveLocalVariables',
    (s, element: ElementSelector, expected: Record<string, unknown>) => s.toHaveLocalVariables(element, expected),
  ),
  toBeWaitingForMessage: matcher(
    'toBeWaitingForMessage',
    (s, name: string, correlationKey?: string) => s.toBeWaitingForMessage(name, correlationKey),
    (s, name: string) => s.toHaveNoWaitingMessage(name),
  ),
  toHaveCorrelatedMessage: matcher('toHaveCorrelatedMessage', (s, name: string, correlationKey?: string) =>
    s.toHaveCorrelatedMessage(name, correlationKey),
  ),
};

/** Types for `expect(instance).toBeCompleted()` etc.: `declare global { namespace jest { interface Matchers<R> extends ProcessTestMatchers<R> {} } }` */
export interface ProcessTestMatchers<R> {
  toBeCreated(): Promise<R>;
  toBeActive(): Promise<R>;
  toBeCompleted(): Promise<R>;
  toBeTerminated(): Promise<R>;
  toHavePassedElements(...elements: ElementSelector[]): Promise<R>;
  toHavePassedElementsInOrder(...elements: ElementSelector[]): Promise<R>;
  toHavePassedElementTimes(element: ElementSelector, times: number, state?: ElementState): Promise<R>;
  toHaveActivatedElements(...elements: ElementSelector[]): Promise<R>;
  toHaveTerminatedElements(...elements: ElementSelector[]): Promise<R>;
  toBeWaitingAt(...elements: ElementSelector[]): Promise<R>;
  toHaveIncident(expected?: IncidentExpectation): Promise<R>;
  toHaveVariables(expected: Record<string, unknown>): Promise<R>;
  toHaveVariableSatisfying(name: string, predicate: (value: unknown) => unknown): Promise<R>;
  toHaveLocalVariables(element: ElementSelector, expected: Record<string, unknown>): Promise<R>;
  toBeWaitingForMessage(messageName: string, correlationKey?: string): Promise<R>;
  toHaveCorrelatedMessage(messageName: string, correlationKey?: string): Promise<R>;
}
