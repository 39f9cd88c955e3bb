/**
 * POST /api/onboardings and the start of customer-onboarding are one unit, as for orders: a refused start or
 * one cut off between its record and the start is finished by the same request again or by the start-up
 * repair; other details for that customer are a 409 that changes nothing; no second onboarding starts while
 * the first is being started or runs, and a cut-off start the engine did make is attached, not repeated.
 */
import pino from 'pino';
import request from 'supertest';
import { repairUnstartedOnboardings } from '../../src/app/process-starts/onboarding-starts';
import type { ProcessInstanceState } from '../../src/app/process-state/process-state-reader';
import { pollFor } from '../support/eventually';
import { AUTH, expectProblem, startTestApp, type TestApp } from './app-harness';
import { controllableStarts } from './controllable-starts';

const details = { email: 'ada@example.com', company: 'Analytical Engines' };

describe('an onboarding whose process did not start', () => {
  let t: TestApp;
  const { processes, next, starts, reset } = controllableStarts('customer-onboarding');
  let runningInstances = new Set<string>();
  let earlierInstances: string[] = [];
  const processState = {
    read: async (key: string) =>
      runningInstances.has(key) ? ({ state: 'ACTIVE' } as ProcessInstanceState) : undefined,
    findInstanceKeys: async () => earlierInstances,
  };
  beforeAll(async () => {
    t = await startTestApp({ processes, processState });
  });
  afterEach(() => {
    reset();
    runningInstances = new Set();
    earlierInstances = [];
  });
  afterAll(() => t.close());

  const onboard = (customerId: string, body: object = details) =>
    request(t.app)
      .post('/api/onboardings')
      .set(AUTH)
      .send({ ...body, customerId });
  const row = async (id: string) =>
    (await t.db.query('SELECT * FROM onboarding_starts WHERE customer_id = $1', [id])).rows[0] as
      | Record<string, unknown>
      | undefined;
  const ageClaim = (id: string) =>
    t.db.query(`UPDATE onboarding_starts SET start_claimed_at = now() - interval '1 hour' WHERE customer_id = $1`, [
      id,
    ]);

  it('after a refused start the same onboarding starts; while it runs, another is 409', async () => {
    next.refuse = true;
    expectProblem(await onboard('cust-refused'), 503);
    expect(await t.repositories.onboardingStarts.get('cust-refused')).toMatchObject({
      processInstanceKey: null,
      startFailure: expect.stringContaining('not reachable'),
    });
    next.refuse = false;
    const before = starts().length;
    const retried = await onboard('cust-refused');
    expect(retried.status).toBe(201);
    expect(starts().length).toBe(before + 1);
    expect(starts().at(-1)?.args).toEqual(['customer-onboarding', { customerId: 'cust-refused', ...details }]);
    expect(await t.repositories.onboardingStarts.get('cust-refused')).toMatchObject({
      processInstanceKey: retried.body.processInstanceKey,
      startFailure: null,
    });

    runningInstances.add(retried.body.processInstanceKey);
    const stored = await row('cust-refused');
    expect(expectProblem(await onboard('cust-refused'), 409).detail).toContain('being onboarded already');
    expect(await row('cust-refused')).toEqual(stored);
    expect(starts().length).toBe(before + 1);
  });

  it('once the earlier onboarding ended, the customer may be onboarded again', async () => {
    const first = await onboard('cust-again');
    expect(first.status).toBe(201);
    // (not running: cancelled or failed before the CRM record)
    const second = await onboard('cust-again', { ...details, email: 'new@example.com' });
    expect(second.status).toBe(201);
    expect(second.body.processInstanceKey).not.toBe(first.body.processInstanceKey);
  });

  it('after a refused start, other details are 409 and change nothing', async () => {
    next.refuse = true;
    expectProblem(await onboard('cust-other-details'), 503);
    next.refuse = false;
    const stored = await row('cust-other-details');
    const before = starts().length;
    for (const other of [
      { ...details, email: 'other@example.com' },
      { ...details, company: 'Difference Engines' },
    ]) {
      expect(expectProblem(await onboard('cust-other-details', other), 409).detail).toContain('other details');
    }
    expect(await row('cust-other-details')).toEqual(stored);
    expect(starts().length).toBe(before);
  });

  it('while the first request is still starting it, the same onboarding again is 409 and starts nothing', async () => {
    let release = () => {};
    next.hold = new Promise((resolve) => {
      release = resolve;
    });
    const before = starts().length;
    const first = onboard('cust-in-flight').then((res) => res);
    await pollFor('the first request to claim the start', () => row('cust-in-flight'));
    const second = await onboard('cust-in-flight');
    expect(expectProblem(second, 409).detail).toContain('being started');
    expect(second.headers['retry-after']).toBe('30');
    release();
    expect((await first).status).toBe(201);
    expect(starts().length).toBe(before + 1);
  });

  it('cut off between the record and the start: a retry once the claim timed out starts it', async () => {
    await t.repositories.onboardingStarts.claim({ customerId: 'cust-cut-off', ...details }, 0);
    expectProblem(await onboard('cust-cut-off'), 409);
    await ageClaim('cust-cut-off');
    const retried = await onboard('cust-cut-off');
    expect(retried.status).toBe(201);
    expect((await t.repositories.onboardingStarts.get('cust-cut-off'))?.processInstanceKey).toBe(
      retried.body.processInstanceKey,
    );
  });

  it('cut off after the engine started it: the retry attaches that instance and starts none', async () => {
    await t.repositories.onboardingStarts.claim({ customerId: 'cust-started-then-cut', ...details }, 0);
    await ageClaim('cust-started-then-cut');
    earlierInstances = ['2251799813699998'];
    const before = starts().length;
    const retried = await onboard('cust-started-then-cut');
    expect(retried.status).toBe(201);
    expect(retried.body.processInstanceKey).toBe('2251799813699998');
    expect(starts().length).toBe(before);
  });

  it('a start whose answer never came is not recorded as refused; a retry attaches the instance it made', async () => {
    next.timeOut = true;
    expectProblem(await onboard('cust-timed-out'), 503);
    next.timeOut = false;
    expect(await t.repositories.onboardingStarts.get('cust-timed-out')).toMatchObject({
      processInstanceKey: null,
      startFailure: null,
    });
    earlierInstances = ['2251799813699996'];
    const before = starts().length;
    const retried = await onboard('cust-timed-out');
    expect(retried.status).toBe(201);
    expect(retried.body.processInstanceKey).toBe('2251799813699996');
    expect(starts().length).toBe(before);
  });

  it('the start-up repair starts every cut-off onboarding and records a refused one', async () => {
    for (const customerId of ['cust-orphan-a', 'cust-orphan-b']) {
      await t.repositories.onboardingStarts.claim({ customerId, ...details }, 0);
    }
    const deps = { starts: t.repositories.onboardingStarts, processes, processState };
    const logger = pino({ level: 'silent' });
    expect(await repairUnstartedOnboardings(deps, { claimTimeoutMs: 60_000, logger })).toEqual({
      started: [],
      refused: [],
    });
    const repaired = await repairUnstartedOnboardings(deps, { claimTimeoutMs: 0, logger });
    expect(repaired.started.sort()).toEqual(['cust-orphan-a', 'cust-orphan-b']);
    for (const id of ['cust-orphan-a', 'cust-orphan-b']) {
      expect((await t.repositories.onboardingStarts.get(id))?.processInstanceKey).toMatch(/^\d+$/);
    }

    await t.repositories.onboardingStarts.claim({ customerId: 'cust-orphan-refused', ...details }, 0);
    next.refuse = true;
    expect(await repairUnstartedOnboardings(deps, { claimTimeoutMs: 0, logger })).toEqual({
      started: [],
      refused: ['cust-orphan-refused'],
    });
    next.refuse = false;
    expect((await onboard('cust-orphan-refused')).status).toBe(201);
  });
});
