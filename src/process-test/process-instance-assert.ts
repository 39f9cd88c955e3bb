/**
 * `expectProcessInstance(key)`: assertions on one process instance, modelled on Camunda Process Test's
 * ProcessInstanceAssert. Each assertion reads the instance through REST v2, polls until it holds or the
 * timeout passes (a real Camunda's search results lag the engine) and then fails with the instance's
 * element history, so the reader sees where it stopped.
 *
 * "Passed" means an element instance of that element COMPLETED. Order is activation order (see
 * element-history.ts for why not dates).
 */
import { isDeepStrictEqual } from 'node:util';
import { activeElementIds, formatHistory, inActivationOrder, passedElementIds } from './element-history';
import { type CheckResult, pollUntil } from './poll';
import type { ElementInstanceItem, IncidentItem, ProcessInstanceItem, RestApi } from './rest-api';

export interface IncidentExpectation {
  elementId?: string;
  /** a substring of the incident's errorMessage */
  messageContains?: string;
  /** e.g. JOB_NO_RETRIES, IO_MAPPING_ERROR, UNHANDLED_ERROR_EVENT */
  errorType?: string;
}

export interface AssertContext {
  api: RestApi;
  timeoutMs: number;
  /** how far the cluster's reads may trail its writes (consistency.ts) */
  settleMs: number;
  /** told about every instance an assertion looks at (the coverage recorder listens) */
  seen(processInstanceKey: string): void;
}

interface Snapshot {
  instance: ProcessInstanceItem | undefined;
  elements: ElementInstanceItem[];
  incidents: IncidentItem[];
  variables: Record<string, unknown>;
}

/** what a check reads besides the instance itself (instance: false skips that too) */
type Needs = { instance?: boolean; elements?: boolean; incidents?: boolean; variables?: boolean };
/** final: the instance can no longer get there (it ended, or a row proves it), so waiting longer is pointless */
type Verdict = CheckResult & { final?: boolean };
/**
 * positive: holds once a read shows it. absent: says something is NOT there, which a lagging read shows at
 * once, so it holds only on a read begun a settle window after the call (consistency.ts).
 */
type Kind = 'positive' | 'absent';

const TERMINAL = new Set(['COMPLETED', 'TERMINATED']);

export class ProcessInstanceAssert {
  constructor(
    private readonly ctx: AssertContext,
    readonly processInstanceKey: string,
    private readonly ignored: (elementId: string) => boolean = () => false,
    private readonly timeoutMs = ctx.timeoutMs,
  ) {
    ctx.seen(processInstanceKey);
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

  toBeActive(): Promise<void> {
    return this.verify('toBeActive()', {}, (s) => this.stateIs(s, 'ACTIVE'));
  }

  toBeCompleted(): Promise<void> {
    return this.verify('toBeCompleted()', {}, (s) => this.stateIs(s, 'COMPLETED'));
  }

  toBeTerminated(): Promise<void> {
    return this.verify('toBeTerminated()', {}, (s) => this.stateIs(s, 'TERMINATED'));
  }

  /** Each element completed at least once, in any order. */
  toHavePassedElements(...elementIds: string[]): Promise<void> {
    return this.verify(call('toHavePassedElements', elementIds), { elements: true }, (s) => {
      const passed = new Set(this.passed(s));
      const missing = elementIds.filter((id) => !passed.has(id));
      return missing.length === 0 ? ok : this.notYet(s, `not passed: ${missing.join(', ')}`);
    });
  }

  /**
   * The completed instances of these elements, in activation order, are exactly this sequence: the order
   * matters and so do repeats; elements not named are ignored.
   */
  toHavePassedElementsInOrder(...elementIds: string[]): Promise<void> {
    const named = new Set(elementIds);
    return this.verify(call('toHavePassedElementsInOrder', elementIds), { elements: true }, (s) => {
      const actual = this.passed(s).filter((id) => named.has(id));
      return isDeepStrictEqual(actual, elementIds) ? ok : this.notYet(s, `passed in this order: ${list(actual)}`);
    });
  }

  /** Every completed element, in activation order, is exactly this sequence (ignored elements left out). */
  toHavePassedExactly(...elementIds: string[]): Promise<void> {
    return this.verify(call('toHavePassedExactly', elementIds), { elements: true }, (s) => {
      const actual = this.passed(s);
      return isDeepStrictEqual(actual, elementIds) ? ok : this.notYet(s, `passed: ${list(actual)}`);
    });
  }

  /** None of these elements completed (checked on reads a settle window after the call). */
  toHaveNotPassedElements(...elementIds: string[]): Promise<void> {
    return this.verifyAbsent(call('toHaveNotPassedElements', elementIds), { elements: true }, (s) => {
      const passed = new Set(this.passed(s));
      const found = elementIds.filter((id) => passed.has(id));
      return found.length === 0 ? ok : { ok: false, final: true, reason: `passed: ${found.join(', ')}` };
    });
  }

  /** None of these elements was entered at all (no element instance in any state; as above). */
  toHaveNotActivatedElements(...elementIds: string[]): Promise<void> {
    return this.verifyAbsent(call('toHaveNotActivatedElements', elementIds), { elements: true }, (s) => {
      const entered = new Set(s.elements.map((e) => e.elementId));
      const found = elementIds.filter((id) => entered.has(id));
      return found.length === 0 ? ok : { ok: false, final: true, reason: `activated: ${found.join(', ')}` };
    });
  }

  /** Each of these elements has an active instance (other elements may be active too). */
  toBeWaitingAt(...elementIds: string[]): Promise<void> {
    return this.verify(call('toBeWaitingAt', elementIds), { elements: true }, (s) => {
      const active = new Set(this.active(s));
      const missing = elementIds.filter((id) => !active.has(id));
      return missing.length === 0 ? ok : this.notYet(s, `not active: ${missing.join(', ')}`);
    });
  }

  /** The active elements are exactly these (any order; subprocess containers count as elements). */
  toBeWaitingOnlyAt(...elementIds: string[]): Promise<void> {
    return this.verify(call('toBeWaitingOnlyAt', elementIds), { elements: true }, (s) => {
      const active = this.active(s);
      return isDeepStrictEqual([...active].sort(), [...elementIds].sort())
        ? ok
        : this.notYet(s, `active: ${list(active)}`);
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
      return this.notYet(s, `open incidents: ${seen}`);
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
    const args = Object.entries(expected).map(([name, value]) => `${name}: ${show(value)}`);
    return this.verify(`toHaveVariables({ ${args.join(', ')} })`, { variables: true }, (s) => {
      const wrong = Object.entries(expected).filter(([name, value]) => !matches(s.variables[name], value));
      if (wrong.length === 0) return ok;
      const shown = wrong.map(([name]) =>
        name in s.variables ? `${name} = ${show(s.variables[name])}` : `${name} is not set`,
      );
      return this.notYet(s, shown.join('; '));
    });
  }

  private passed(s: Snapshot): string[] {
    return passedElementIds(s.elements).filter((id) => !this.ignored(id));
  }

  private active(s: Snapshot): string[] {
    return activeElementIds(s.elements).filter((id) => !this.ignored(id));
  }

  private stateIs(s: Snapshot, state: string): Verdict {
    if (!s.instance) return { ok: false, reason: 'the instance is not found (yet)' };
    if (s.instance.state === state) return ok;
    return { ok: false, final: TERMINAL.has(s.instance.state), reason: `the instance is ${s.instance.state}` };
  }

  /** A failed check that may still come true, unless the instance has ended. */
  private notYet(s: Snapshot, reason: string): Verdict {
    return { ok: false, final: s.instance !== undefined && TERMINAL.has(s.instance.state), reason };
  }

  private async read(needs: Needs): Promise<Snapshot> {
    const { api } = this.ctx;
    const key = this.processInstanceKey;
    const [instance, elements, incidents, variables] = await Promise.all([
      needs.instance === false ? undefined : api.processInstance(key),
      needs.elements ? api.elementInstances(key) : [],
      needs.incidents ? api.incidents(key) : [],
      needs.variables ? api.variables(key) : {},
    ]);
    return { instance, elements, incidents, variables };
  }

  private verifyAbsent(what: string, needs: Needs, check: (s: Snapshot) => Verdict): Promise<void> {
    return this.verify(what, needs, check, 'absent');
  }

  private async verify(what: string, needs: Needs, check: (s: Snapshot) => Verdict, kind: Kind = 'positive') {
    const { settleMs } = this.ctx;
    const calledAt = Date.now();
    // An ended instance can still gain rows while the exporter catches up (its element and incident rows may
    // land in a later flush or refresh): keep looking for a settle window after it was first seen ended.
    let endedSince: number | undefined;
    let endedLooks = 0;
    const result = await pollUntil(
      async () => {
        const readAt = Date.now();
        const verdict = check(await this.read(needs));
        if (verdict.ok) {
          if (kind === 'absent' && readAt - calledAt < settleMs) {
            return { ok: false, reason: `still within the ${settleMs} ms the cluster's reads may trail its writes` };
          }
          return verdict;
        }
        if (!verdict.final) return verdict;
        // an absence disproved by a row is final at once: secondary storage never shows what did not happen
        if (kind === 'absent') return { ...verdict, stop: true };
        endedSince ??= readAt;
        return ++endedLooks >= ENDED_LOOKS && Date.now() - endedSince >= settleMs
          ? { ...verdict, stop: true }
          : verdict;
      },
      // an absence cannot hold before the settle window has passed, whatever the timeout
      { timeoutMs: kind === 'absent' ? settleMs + this.timeoutMs : this.timeoutMs },
    );
    if (result.ok) return;
    const when = !result.stop ? `within ${this.timeoutMs} ms` : kind === 'absent' ? '' : '(the instance has ended)';
    throw await this.failure(what, result.reason, when);
  }

  private async failure(what: string, reason: string, when: string): Promise<Error> {
    const s = await this.read({ instance: true, elements: true, incidents: true });
    const error = new Error(
      `expectProcessInstance(${this.processInstanceKey}).${what} failed${when ? ` ${when}` : ''}: ${reason}\n${formatHistory(
        this.processInstanceKey,
        s.instance,
        inActivationOrder(s.elements),
        s.incidents,
      )}`,
    );
    // keep jest's stack pointing at the test, not at the toolkit
    Error.captureStackTrace?.(error, ProcessInstanceAssert.prototype.verify);
    return error;
  }
}

const ok: Verdict = { ok: true };
const ENDED_LOOKS = 3;
const list = (ids: string[]) => (ids.length > 0 ? ids.join(' → ') : '(none)');
const call = (name: string, args: string[]) => `${name}(${args.map((a) => `'${a}'`).join(', ')})`;

const SHOWN_CHARS = 200;

/** A value for a failure message: asymmetric matchers by name, long values cut. */
function show(value: unknown): string {
  const matcher = value as { asymmetricMatch?: unknown; toAsymmetricMatcher?: () => string } | null;
  if (matcher && typeof matcher.asymmetricMatch === 'function') {
    return matcher.toAsymmetricMatcher?.() ?? String(matcher);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)` : text;
}

function matches(actual: unknown, expected: unknown): boolean {
  const matcher = expected as { asymmetricMatch?: (value: unknown) => boolean } | null;
  if (matcher && typeof matcher.asymmetricMatch === 'function') return matcher.asymmetricMatch(actual);
  return isDeepStrictEqual(actual, expected);
}
