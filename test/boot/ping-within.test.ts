/**
 * npm start's first Topology call to its own embedded engine may time out while the shared event loop is busy
 * opening the database: start-up tries again within a budget instead of refusing to start, and reports any
 * other failure at once.
 */
import { pingWithin } from '../../src/boot/ping-within';

const timedOut = () => new Error('DEADLINE_EXCEEDED: the Topology call took longer than 3000 ms');

describe('pingWithin', () => {
  test('a ping that times out twice, then answers, lets start-up go on', async () => {
    let calls = 0;
    await pingWithin(async () => {
      calls++;
      if (calls < 3) throw timedOut();
    }, 60_000);
    expect(calls).toBe(3);
  });

  test('any other failure is reported at once', async () => {
    let calls = 0;
    const refused = pingWithin(async () => {
      calls++;
      throw new Error('UNAUTHENTICATED: Invalid credentials');
    }, 60_000);
    await expect(refused).rejects.toThrow('UNAUTHENTICATED');
    expect(calls).toBe(1);
  });

  test('timeouts past the budget are reported with the last one', async () => {
    const never = pingWithin(async () => {
      throw timedOut();
    }, 0);
    await expect(never).rejects.toThrow('DEADLINE_EXCEEDED');
  });
});
