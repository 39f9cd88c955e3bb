/**
 * Starting customer-onboarding as one unit with its record (onboarding_starts), as orders do (order-starts.ts):
 * the start is claimed first and the instance recorded after it, so
 * - a second request for the customer while the first is being started, or while its onboarding runs, is a
 *   conflict and starts nothing;
 * - a refused start, or one cut off between the two steps, is started by the same request again (same email
 *   and company; other details are a conflict) or, when cut off, by the start-up repair;
 * - before starting again, an instance a cut-off attempt started after all is looked up (a running instance
 *   with this customerId), so none starts twice.
 */
import type { Logger } from 'pino';
import type {
  NewOnboardingStart,
  OnboardingStartsRepository,
} from '../../data/repositories/onboarding-starts-repository';
import { CUSTOMER_ONBOARDING, type OnboardingStartVariables } from '../../processes/customer-onboarding';
import { HttpProblem } from '../http/problem';
import { mayHaveBeenApplied, type ProcessCommands } from '../process-commands/process-commands';
import type { ProcessStateReader } from '../process-state/process-state-reader';
import { zeebeProblem } from '../routes/zeebe-problem';
import { ORDER_START_CLAIM_MS } from './order-starts';

export const ONBOARDING_PROCESS_ID = CUSTOMER_ONBOARDING.processId;
/** As for orders: longer than a start may take. */
export const ONBOARDING_START_CLAIM_MS = ORDER_START_CLAIM_MS;

export interface OnboardingStartDeps {
  starts: OnboardingStartsRepository;
  processes: ProcessCommands;
  processState?: Partial<Pick<ProcessStateReader, 'read' | 'findInstanceKeys'>>;
}

/** The running instance an earlier, cut-off attempt started, if the process state shows one. */
async function startedBefore(deps: OnboardingStartDeps, customerId: string): Promise<string | undefined> {
  const find = deps.processState?.findInstanceKeys;
  if (!find) return undefined;
  const keys = await find
    .call(deps.processState, ONBOARDING_PROCESS_ID, { name: 'customerId', value: customerId }, { activeOnly: true })
    .catch(() => []);
  return keys[0];
}

/** Whether the onboarding of this instance may still be running (unknown counts as running). */
async function mayBeRunning(deps: OnboardingStartDeps, processInstanceKey: string): Promise<boolean> {
  if (!deps.processState?.read) return false;
  try {
    const state = await deps.processState.read(processInstanceKey);
    return state?.state === 'ACTIVE';
  } catch {
    return true;
  }
}

/** Claims the start of this onboarding, or throws the 409 that says why it cannot be started now. */
async function claim(deps: OnboardingStartDeps, start: NewOnboardingStart): Promise<{ retry: boolean }> {
  const claimed = await deps.starts.claim(start, ONBOARDING_START_CLAIM_MS);
  if (claimed.claimed) return { retry: claimed.retry };
  const existing = claimed.start;
  const refuse = (detail: string, headers: Record<string, string> = {}) =>
    new HttpProblem(
      409,
      detail,
      { customerId: start.customerId, processInstanceKey: existing.processInstanceKey },
      headers,
    );
  if (existing.processInstanceKey) {
    if (await mayBeRunning(deps, existing.processInstanceKey)) {
      throw refuse(`Customer ${start.customerId} is being onboarded already`);
    }
    // the earlier onboarding ended (cancelled, failed): this one takes its place
    if (await deps.starts.claimInstead(start, existing.processInstanceKey)) return { retry: false };
  } else if (
    existing.email !== start.email ||
    existing.company !== start.company ||
    existing.seats !== (start.seats ?? null)
  ) {
    throw refuse(
      `An onboarding of customer ${start.customerId} with other details was not started; start it as it was`,
    );
  }
  throw refuse(`The onboarding of customer ${start.customerId} is being started by an earlier request; retry later`, {
    'Retry-After': String(ONBOARDING_START_CLAIM_MS / 1000),
  });
}

/** Starts a claimed onboarding and records its instance; a refusal is recorded and thrown as a problem. */
async function startClaimed(
  deps: OnboardingStartDeps,
  start: NewOnboardingStart,
  retry: boolean,
): Promise<{ processInstanceKey: string }> {
  const earlier = retry ? await startedBefore(deps, start.customerId) : undefined;
  let processInstanceKey = earlier;
  if (!processInstanceKey) {
    try {
      ({ processInstanceKey } = await deps.processes.startProcess(ONBOARDING_PROCESS_ID, startVariables(start)));
    } catch (err) {
      const problem = zeebeProblem(err, `start ${ONBOARDING_PROCESS_ID}`);
      // an answer that never came says nothing: the claim ends, and a retry or the repair looks first
      const settle = mayHaveBeenApplied(err)
        ? deps.starts.releaseStart(start.customerId)
        : deps.starts.failStart(start.customerId, problem.detail);
      await settle.catch(() => {});
      throw problem;
    }
  }
  await deps.starts.attach(start.customerId, processInstanceKey);
  return { processInstanceKey };
}

/** The process's start variables: seats only when the request gave them. */
function startVariables({ seats, ...start }: NewOnboardingStart): OnboardingStartVariables {
  return seats === undefined || seats === null ? start : { ...start, seats };
}

/** POST /api/onboardings after its checks: claim, start, record. */
export async function startOnboarding(
  deps: OnboardingStartDeps,
  start: NewOnboardingStart,
): Promise<{ processInstanceKey: string }> {
  const { retry } = await claim(deps, start);
  return startClaimed(deps, start, retry);
}

/** At start-up: starts every onboarding whose start was cut off (claimed before claimTimeoutMs). */
export async function repairUnstartedOnboardings(
  deps: OnboardingStartDeps,
  options: { claimTimeoutMs: number; logger: Logger },
): Promise<{ started: string[]; refused: string[] }> {
  const started: string[] = [];
  const refused: string[] = [];
  for (const start of await deps.starts.claimUnstarted(options.claimTimeoutMs)) {
    const { customerId, email, company, seats } = start;
    try {
      const { processInstanceKey } = await startClaimed(deps, { customerId, email, company, seats }, true);
      started.push(customerId);
      options.logger.info({ customerId, processInstanceKey }, 'started an onboarding left unstarted');
    } catch (err) {
      refused.push(customerId);
      options.logger.warn(
        { customerId, reason: (err as Error).message },
        'an onboarding left unstarted could not be started',
      );
    }
  }
  return { started, refused };
}
