import type { Database } from '../../src/data/database';
import { createOnboardingStartsRepository } from '../../src/data/repositories/onboarding-starts-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('onboarding starts repository', () => {
  let db: Database;
  let starts: ReturnType<typeof createOnboardingStartsRepository>;
  const start = { customerId: 'cust-1', email: 'ada@example.com', company: 'Analytical Engines' };
  const MINUTE = 60_000;

  beforeAll(async () => {
    db = await openTestDatabase();
    starts = createOnboardingStartsRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(() => clearAllData(db));

  it('the first claim writes the row; another waits until the claim is older than the timeout', async () => {
    expect(await starts.claim(start, MINUTE)).toEqual({
      claimed: true,
      retry: false,
      start: { ...start, seats: null, processInstanceKey: null, startFailure: null },
    });
    expect((await starts.claim(start, MINUTE)).claimed).toBe(false);
    expect(await starts.claimUnstarted(MINUTE)).toEqual([]);
    // cut off: once the claim timed out, the same details claim it again (a retry)
    expect(await starts.claim(start, 0)).toMatchObject({ claimed: true, retry: true });
  });

  it('other details never claim an unstarted row', async () => {
    await starts.claim(start, MINUTE);
    await starts.failStart(start.customerId, 'refused');
    expect(await starts.claim({ ...start, email: 'other@example.com' }, 0)).toMatchObject({
      claimed: false,
      start: { email: 'ada@example.com', startFailure: 'refused' },
    });
    expect(await starts.claim({ ...start, company: 'Other' }, 0)).toMatchObject({ claimed: false });
  });

  it('a refused start is claimed again at once by the same details, and the repair leaves it alone', async () => {
    await starts.claim(start, MINUTE);
    await starts.failStart(start.customerId, 'no process customer-onboarding is deployed');
    expect(await starts.claimUnstarted(0)).toEqual([]);
    expect(await starts.claim(start, MINUTE)).toMatchObject({
      claimed: true,
      retry: true,
      start: { startFailure: null },
    });
  });

  it('an attached instance ends the claim; a new onboarding takes the place of an ended one once', async () => {
    await starts.claim(start, MINUTE);
    await starts.attach(start.customerId, '2251799813685249');
    await starts.attach(start.customerId, '9999');
    expect(await starts.get(start.customerId)).toMatchObject({ processInstanceKey: '2251799813685249' });
    expect((await starts.claim(start, 0)).claimed).toBe(false);
    expect(await starts.claimUnstarted(0)).toEqual([]);

    const again = { ...start, email: 'new@example.com' };
    expect(await starts.claimInstead(again, '2251799813685249')).toBe(true);
    expect(await starts.claimInstead(again, '2251799813685249')).toBe(false);
    expect(await starts.get(start.customerId)).toEqual({ ...again, seats: null, processInstanceKey: null, startFailure: null });
  });

  it('the repair claims every cut-off start once', async () => {
    await starts.claim(start, MINUTE);
    await starts.claim({ ...start, customerId: 'cust-2' }, MINUTE);
    expect(await starts.claimUnstarted(MINUTE)).toEqual([]);
    const claimed = await starts.claimUnstarted(0);
    expect(claimed.map((s) => s.customerId).sort()).toEqual(['cust-1', 'cust-2']);
    expect(await starts.claimUnstarted(MINUTE)).toEqual([]);
  });
});
