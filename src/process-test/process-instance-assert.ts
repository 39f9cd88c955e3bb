/**
 * `expectProcessInstance(key)`: assertions on one process instance, modelled on Camunda Process Test's
 * ProcessInstanceAssert. Each assertion reads the instance through REST v2, polls until it holds or the
 * timeout passes and then fails with the instance's element history (instance-checks.ts).
 *
 * "Passed" means an element instance of that element COMPLETED. Order is activation order (see
 * element-history.ts for why not dates). Elements are named by id, or by a selector (byName, byType).
 */
import { isDeepStrictEqual } from 'node:util';
import { inActivationOrder } from './element-history';
import { asSelected, describeSelector, type ElementSelector, selects } from './element-selector';
import { show, showVariables, wrongVariables } from './expected-values';
import {
  type AssertContext,
  InstanceChecks,
  notYet,
  ok,
  type Snapshot,
  stateIs,
  type Verdict,
} from './instance-checks';
import type { MessageCatcher } from './message-catchers';
import type { ElementInstanceItem } from './rest-api';

export type { AssertContext } from './instance-checks';

export interface IncidentExpectation {
  elementId?: string;
  /** a substring of the incident's errorMessage */
  messageContains?: string;
  /** e.g. JOB_NO_RETRIES, IO_MAPPING_ERROR, UNHANDLED_ERROR_EVENT */
  errorType?: string;
}

export type ElementState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export class ProcessInstanceAssert extends InstanceChecks {
  constructor(
    ctx: AssertContext,
    processInstanceKey: string,
    private readonly ignored: (elementId: string) => boolean = () => false,
    timeoutMs = ctx.timeoutMs,
  ) {
    super(ctx, processInstanceKey, timeoutMs);
  }

  /** The same assertions with these elements left out of the history (ids, or a predicate on the id). */
  ignoringElements(...ignore: (string | ((elementId: string) => boolean))[]): ProcessInstanceAssert {
    const ids = new Set(ignore.filter((i): i is string => typeof i === 'string'));
    const predicates = ignore.filter((i): i is (id: string) => boolean => typeof i === 'function');
    const previous = this.ignored;
    const ignored = (id: string) => previous(id) || ids.has(id) || predicates.some((p) => p(id));
    return new ProcessInstanceAssert(this.ctx, this.processInstanceKey, ignored, this.timeoutMs);
  }

  /** The same assertions with another polling timeout. */
  withTimeout(timeoutMs: number): ProcessInstanceAssert {
    return new ProcessInstanceAssert(this.ctx, this.processInstanceKey, this.ignored, timeoutMs);
  }

  /** The instance exists (in any state). */
  toBeCreated(): Promise<void> {
    return this.verify('toBeCreated()', {}, (s) =>
      s.instance ? ok : { ok: false, reason: 'the instance is not found (yet)' },
    );
  }

  toBeActive(): Promise<void> {
    return this.verify('toBeActive()', {}, (s) => stateIs(s, 'ACTIVE'));
  }

  toBeCompleted(): Promise<void> {
    return this.verify('toBeCompleted()', {}, (s) => stateIs(s, 'COMPLETED'));
  }

  toBeTerminated(): Promise<void> {
    return this.verify('toBeTerminated()', {}, (s) => stateIs(s, 'TERMINATED'));
  }

  /** Each element completed at least once, in any order. */
  toHavePassedElements(...elements: ElementSelector[]): Promise<void> {
    return this.verify(call('toHavePassedElements', elements), { elements: true }, (s) => {
      const missing = unmatched(elements, this.inState(s, 'COMPLETED'));
      return missing.length === 0 ? ok : notYet(s, `not passed: ${missing.join(', ')}`);
    });
  }

  /**
   * The completed instances of these elements, in activation order, are exactly this sequence: the order
   * matters and so do repeats; elements not named are ignored.
   */
  toHavePassedElementsInOrder(...elements: ElementSelector[]): Promise<void> {
    const expected = elements.map(describeSelector);
    return this.verify(call('toHavePassedElementsInOrder', elements), { elements: true }, (s) => {
      const actual = asSelected(elements, this.inState(s, 'COMPLETED'));
      return isDeepStrictEqual(actual, expected) ? ok : notYet(s, `passed in this order: ${list(actual)}`);
    });
  }

  /** Every completed element, in activation order, is exactly this sequence (ignored elements left out). */
  toHavePassedExactly(...elementIds: string[]): Promise<void> {
    return this.verify(call('toHavePassedExactly', elementIds), { elements: true }, (s) => {
      const actual = this.inState(s, 'COMPLETED').map((e) => e.elementId);
      return isDeepStrictEqual(actual, elementIds) ? ok : notYet(s, `passed: ${list(actual)}`);
    });
  }

  /** Each element has a TERMINATED instance (cancelled by a boundary event, a terminate end, a cancel). */
  toHaveTerminatedElements(...elements: ElementSelector[]): Promise<void> {
    return this.verify(call('toHaveTerminatedElements', elements), { elements: true }, (s) => {
      const missing = unmatched(elements, this.inState(s, 'TERMINATED'));
      return missing.length === 0 ? ok : notYet(s, `not terminated: ${missing.join(', ')}`);
    });
  }

  /**
   * Exactly `times` instances of the element are in this state (default COMPLETED): "passed twice". More
   * than `times` already is final, since instances in a state never leave it except ACTIVE ones.
   */
  toHavePassedElementTimes(element: ElementSelector, times: number, state: ElementState = 'COMPLETED') {
    const what = `toHavePassedElementTimes(${call('', [element]).slice(1, -1)}, ${times}${state === 'COMPLETED' ? '' : `, '${state}'`})`;
    return this.verify(what, { elements: true }, (s) => {
      const count = this.inState(s, state).filter((e) => selects(element, e)).length;
      if (count === times) return ok;
      const reason = `${count} instance(s) ${state} of ${describeSelector(element)}`;
      return count > times && state !== 'ACTIVE' ? { ok: false, final: true, reason } : notYet(s, reason);
    });
  }

  /** None of these elements completed (checked on reads a settle window after the call). */
  toHaveNotPassedElements(...elements: ElementSelector[]): Promise<void> {
    return this.verifyAbsent(call('toHaveNotPassedElements', elements), { elements: true }, (s) => {
      const found = matched(elements, this.inState(s, 'COMPLETED'));
      return found.length === 0 ? ok : { ok: false, final: true, reason: `passed: ${found.join(', ')}` };
    });
  }

  /** None of these elements was entered at all (no element instance in any state; as above). */
  toHaveNotActivatedElements(...elements: ElementSelector[]): Promise<void> {
    return this.verifyAbsent(call('toHaveNotActivatedElements', elements), { elements: true }, (s) => {
      const found = matched(elements, s.elements);
      return found.length === 0 ? ok : { ok: false, final: true, reason: `activated: ${found.join(', ')}` };
    });
  }

  /** None of these elements is active now (they may have been before); holds over the settle window. */
  toHaveNoActiveElements(...elements: ElementSelector[]): Promise<void> {
    return this.verifyAbsent(call('toHaveNoActiveElements', elements), { elements: true }, (s) => {
      const found = matched(elements, this.inState(s, 'ACTIVE'));
      return found.length === 0 ? ok : notYet(s, `active: ${found.join(', ')}`);
    });
  }

  /** Each of these elements has an active instance (other elements may be active too). */
  toBeWaitingAt(...elements: ElementSelector[]): Promise<void> {
    return this.verify(call('toBeWaitingAt', elements), { elements: true }, (s) => {
      const missing = unmatched(elements, this.inState(s, 'ACTIVE'));
      return missing.length === 0 ? ok : notYet(s, `not active: ${missing.join(', ')}`);
    });
  }

  /** The active elements are exactly these (any order; subprocess containers count as elements). */
  toBeWaitingOnlyAt(...elementIds: string[]): Promise<void> {
    return this.verify(call('toBeWaitingOnlyAt', elementIds), { elements: true }, (s) => {
      const active = this.inState(s, 'ACTIVE').map((e) => e.elementId);
      return isDeepStrictEqual([...active].sort(), [...elementIds].sort()) ? ok : notYet(s, `active: ${list(active)}`);
    });
  }

  /** An open (ACTIVE) incident matching every given field. */
  toHaveIncident(expected: IncidentExpectation): Promise<void> {
    return this.verify(`toHaveIncident(${JSON.stringify(expected)})`, { incidents: true }, (s) => {
      const open = s.incidents.filter((i) => i.state === 'ACTIVE');
      const match = open.some(
        (i) =>
          (expected.elementId === undefined || i.elementId === expected.elementId) &&
          (expected.errorType === undefined || i.errorType === expected.errorType) &&
          (expected.messageContains === undefined || i.errorMessage.includes(expected.messageContains)),
      );
      if (match) return ok;
      const seen = open.map((i) => `${i.elementId}: ${i.errorType}: ${i.errorMessage}`).join(' | ') || 'none';
      return notYet(s, `open incidents: ${seen}`);
    });
  }

  /** No open incident (checked on reads a settle window after the call; a resolved one may close meanwhile). */
  toHaveNoIncidents(): Promise<void> {
    return this.verifyAbsent('toHaveNoIncidents()', { instance: false, incidents: true }, (s) => {
      const open = s.incidents.filter((i) => i.state === 'ACTIVE');
      return open.length === 0
        ? ok
        : { ok: false, reason: `open incidents: ${open.map((i) => `${i.elementId}: ${i.errorMessage}`).join(' | ')}` };
    });
  }

  /**
   * The instance's own (process-scope) variables hold these values (deep equality; jest's asymmetric
   * matchers such as expect.any(String) work as values). Other variables may exist.
   */
  toHaveVariables(expected: Record<string, unknown>): Promise<void> {
    return this.verify(`toHaveVariables(${showVariables(expected)})`, { variables: true }, (s) => {
      const wrong = wrongVariables(s.variables, expected);
      return wrong.length === 0 ? ok : notYet(s, wrong.join('; '));
    });
  }

  /** These process-scope variables exist (any value). */
  toHaveVariableNames(...names: string[]): Promise<void> {
    return this.verify(call('toHaveVariableNames', names), { variables: true }, (s) => {
      const missing = names.filter((name) => !(name in s.variables));
      return missing.length === 0 ? ok : notYet(s, `not set: ${missing.join(', ')}`);
    });
  }

  /**
   * The variable satisfies the predicate: it returns anything but false and does not throw (so jest's
   * expect() inside works). The predicate's own message is the failure reason.
   */
  toHaveVariableSatisfying(name: string, predicate: (value: unknown) => unknown): Promise<void> {
    return this.verify(`toHaveVariableSatisfying('${name}', …)`, { variables: true }, (s) => {
      if (!(name in s.variables)) return notYet(s, `${name} is not set`);
      try {
        if (predicate(s.variables[name]) !== false) return ok;
        return notYet(s, `${name} = ${show(s.variables[name])} does not satisfy the predicate`);
      } catch (err) {
        return notYet(s, `${name} = ${show(s.variables[name])}: ${(err as Error).message}`);
      }
    });
  }

  /** The local variables of the element's newest instance hold these values (as toHaveVariables). */
  toHaveLocalVariables(element: ElementSelector, expected: Record<string, unknown>): Promise<void> {
    const what = `toHaveLocalVariables(${call('', [element]).slice(1, -1)}, ${showVariables(expected)})`;
    return this.verify(what, { localOf: element }, (s) => {
      if (!s.local) return notYet(s, `no instance of ${describeSelector(element)}`);
      const wrong = wrongVariables(s.local, expected);
      return wrong.length === 0 ? ok : notYet(s, wrong.join('; '));
    });
  }

  /**
   * The instance waits for this message: an element catching it (receive task, catch event) is active, or
   * the activity a message boundary event is attached to. With a correlation key, the subscription's key
   * must be that value; the toolkit checks keys written as `=variableName` (the REST API of 8.8 shows no
   * subscriptions, so other expressions cannot be checked and fail saying so).
   */
  toBeWaitingForMessage(messageName: string, correlationKey?: string): Promise<void> {
    const what = `toBeWaitingForMessage('${messageName}'${correlationKey === undefined ? '' : `, '${correlationKey}'`})`;
    return this.verify(what, { elements: true, catchers: true, variables: correlationKey !== undefined }, (s) => {
      const active = new Set(this.inState(s, 'ACTIVE').map((e) => e.elementId));
      const waiting = this.catchersOf(s, messageName).filter((c) =>
        active.has(c.kind === 'boundaryEvent' ? (c.attachedToRef ?? '') : c.elementId),
      );
      return keyVerdict(s, waiting, messageName, correlationKey, 'no element waits for it');
    });
  }

  /** No element waits for this message (held over the settle window). */
  toHaveNoWaitingMessage(messageName: string): Promise<void> {
    return this.verifyAbsent(`toHaveNoWaitingMessage('${messageName}')`, { elements: true, catchers: true }, (s) => {
      const active = new Set(this.inState(s, 'ACTIVE').map((e) => e.elementId));
      const waiting = this.catchersOf(s, messageName).filter((c) =>
        active.has(c.kind === 'boundaryEvent' ? (c.attachedToRef ?? '') : c.elementId),
      );
      return waiting.length === 0 ? ok : notYet(s, `waiting at ${waiting.map((c) => c.elementId).join(', ')}`);
    });
  }

  /** The message was correlated to the instance: an element catching it completed. */
  toHaveCorrelatedMessage(messageName: string, correlationKey?: string): Promise<void> {
    const what = `toHaveCorrelatedMessage('${messageName}'${correlationKey === undefined ? '' : `, '${correlationKey}'`})`;
    return this.verify(what, { elements: true, catchers: true, variables: correlationKey !== undefined }, (s) => {
      const completed = new Set(this.inState(s, 'COMPLETED').map((e) => e.elementId));
      const caught = this.catchersOf(s, messageName).filter((c) => completed.has(c.elementId));
      return keyVerdict(s, caught, messageName, correlationKey, 'no element caught it');
    });
  }

  private catchersOf(s: Snapshot, messageName: string): MessageCatcher[] {
    return s.catchers.filter((c) => c.messageName === messageName);
  }

  /** Element instances in this state, in activation order, ignored elements left out. */
  private inState(s: Snapshot, state: string): ElementInstanceItem[] {
    return inActivationOrder(s.elements).filter((e) => e.state === state && !this.ignored(e.elementId));
  }
}

/** found catchers pass; with a correlation key, one whose `=variable` key holds that value must be among them */
function keyVerdict(
  s: Snapshot,
  found: MessageCatcher[],
  messageName: string,
  correlationKey: string | undefined,
  none: string,
): Verdict {
  if (!s.instance) return { ok: false, reason: 'the instance is not found (yet)' };
  if (s.catchers.every((c) => c.messageName !== messageName)) {
    return { ok: false, final: true, reason: `the model catches no message '${messageName}'` };
  }
  if (found.length === 0) return notYet(s, `message '${messageName}': ${none}`);
  if (correlationKey === undefined) return ok;
  const keys = found.map((c) => {
    const variable = /^=\s*([A-Za-z_][\w]*)\s*$/.exec(c.correlationKey ?? '')?.[1];
    return variable === undefined ? `${c.correlationKey} (not checked)` : String(s.variables[variable]);
  });
  return keys.includes(correlationKey) ? ok : notYet(s, `message '${messageName}' correlation key: ${keys.join(', ')}`);
}

const list = (ids: string[]) => (ids.length > 0 ? ids.join(' → ') : '(none)');
const call = (name: string, args: ElementSelector[]) =>
  `${name}(${args.map((a) => (typeof a === 'string' ? `'${a}'` : JSON.stringify(a))).join(', ')})`;
/** the selectors no row matches, as shown in messages */
const unmatched = (selectors: ElementSelector[], rows: ElementInstanceItem[]) =>
  selectors.filter((sel) => !rows.some((r) => selects(sel, r))).map(describeSelector);
const matched = (selectors: ElementSelector[], rows: ElementInstanceItem[]) =>
  selectors.filter((sel) => rows.some((r) => selects(sel, r))).map(describeSelector);
