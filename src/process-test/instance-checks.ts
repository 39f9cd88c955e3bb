/**
 * The machinery under every instance assertion: read what a check needs through REST v2, poll until it
 * holds or the timeout passes (a real Camunda's search results lag the engine), hold negative checks over
 * the settle window (consistency.ts), and fail with the instance's element history, variables, open
 * incidents and, when a UI address is known, a link to the instance.
 */
import { formatHistory, inActivationOrder } from './element-history';
import { type ElementSelector, selects } from './element-selector';
import { show } from './expected-values';
import { type MessageCatcher, messageCatchers } from './message-catchers';
import { type CheckResult, pollUntil } from './poll';
import type { ElementInstanceItem, IncidentItem, ProcessInstanceItem, RestApi } from './rest-api';

export interface AssertContext {
  api: RestApi;
  timeoutMs: number;
  /** how far the cluster's reads may trail its writes (consistency.ts) */
  settleMs: number;
  /** told about every instance an assertion looks at (the coverage recorder listens) */
  seen(processInstanceKey: string): void;
  /** the instance's page in a UI, for failure messages (ProcessTestOptions.uiInstanceUrl) */
  instanceUrl?(processInstanceKey: string): string;
}

export interface Snapshot {
  instance: ProcessInstanceItem | undefined;
  elements: ElementInstanceItem[];
  incidents: IncidentItem[];
  variables: Record<string, unknown>;
  /** the local variables of the newest element instance Needs.localOf picks (undefined: none picked) */
  local?: Record<string, unknown>;
  /** where the instance's model waits for messages (Needs.catchers) */
  catchers: MessageCatcher[];
}

/** what a check reads besides the instance itself (instance: false skips that too) */
export type Needs = {
  instance?: boolean;
  elements?: boolean;
  incidents?: boolean;
  variables?: boolean;
  localOf?: ElementSelector;
  catchers?: boolean;
};
/** final: the instance can no longer get there (it ended, or a row proves it), so waiting longer is pointless */
export type Verdict = CheckResult & { final?: boolean };
/**
 * positive: holds once a read shows it. absent: says something is NOT there, which a lagging read shows at
 * once, so it holds only on a read begun a settle window after the call (consistency.ts).
 */
export type Kind = 'positive' | 'absent';

const TERMINAL = new Set(['COMPLETED', 'TERMINATED']);
const ENDED_LOOKS = 3;

export const ok: Verdict = { ok: true };

/** A failed check that may still come true, unless the instance has ended. */
export function notYet(s: Snapshot, reason: string): Verdict {
  return { ok: false, final: s.instance !== undefined && TERMINAL.has(s.instance.state), reason };
}

export function stateIs(s: Snapshot, state: string): Verdict {
  if (!s.instance) return { ok: false, reason: 'the instance is not found (yet)' };
  if (s.instance.state === state) return ok;
  return { ok: false, final: TERMINAL.has(s.instance.state), reason: `the instance is ${s.instance.state}` };
}

/** a deployed model never changes: read each one's message catchers once per REST API */
const catcherCache = new WeakMap<RestApi, Map<string, Promise<MessageCatcher[]>>>();

function catchersOf(api: RestApi, processDefinitionKey: string): Promise<MessageCatcher[]> {
  let byKey = catcherCache.get(api);
  if (!byKey) {
    byKey = new Map();
    catcherCache.set(api, byKey);
  }
  let catchers = byKey.get(processDefinitionKey);
  if (!catchers) {
    catchers = api.processDefinitionXml(processDefinitionKey).then(messageCatchers);
    byKey.set(processDefinitionKey, catchers);
  }
  return catchers;
}

export class InstanceChecks {
  constructor(
    protected readonly ctx: AssertContext,
    readonly processInstanceKey: string,
    protected readonly timeoutMs = ctx.timeoutMs,
  ) {
    ctx.seen(processInstanceKey);
  }

  protected async read(needs: Needs): Promise<Snapshot> {
    const { api } = this.ctx;
    const key = this.processInstanceKey;
    const [instance, elements, incidents, variables] = await Promise.all([
      needs.instance === false ? undefined : api.processInstance(key),
      needs.elements || needs.localOf !== undefined ? api.elementInstances(key) : [],
      needs.incidents ? api.incidents(key) : [],
      needs.variables ? api.variables(key) : {},
    ]);
    const snapshot: Snapshot = { instance, elements, incidents, variables, catchers: [] };
    if (needs.catchers && instance) snapshot.catchers = await catchersOf(api, String(instance.processDefinitionKey));
    if (needs.localOf !== undefined) {
      const scope = inActivationOrder(elements)
        .filter((e) => selects(needs.localOf as ElementSelector, e))
        .pop();
      if (scope) snapshot.local = await api.scopeVariables(key, String(scope.elementInstanceKey));
    }
    return snapshot;
  }

  protected verifyAbsent(what: string, needs: Needs, check: (s: Snapshot) => Verdict): Promise<void> {
    return this.verify(what, needs, check, 'absent');
  }

  protected async verify(what: string, needs: Needs, check: (s: Snapshot) => Verdict, kind: Kind = 'positive') {
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
    const s = await this.read({ instance: true, elements: true, incidents: true, variables: true });
    const key = this.processInstanceKey;
    const lines = [
      `expectProcessInstance(${key}).${what} failed${when ? ` ${when}` : ''}: ${reason}`,
      formatHistory(key, s.instance, inActivationOrder(s.elements), s.incidents),
    ];
    if (s.instance) lines.push(`  variables: ${show(s.variables)}`);
    if (this.ctx.instanceUrl) lines.push(`  in the UI: ${this.ctx.instanceUrl(key)}`);
    const error = new Error(lines.join('\n'));
    // keep jest's stack pointing at the test, not at the toolkit
    Error.captureStackTrace?.(error, InstanceChecks.prototype.verify);
    return error;
  }
}
