/** How a bound host is written (src/boot/addresses.ts): for people, and for this machine's own clients. */
import { displayHost, loopbackTo } from '../../src/boot/addresses';

describe('addresses', () => {
  test.each([
    ['0.0.0.0', 'localhost', '127.0.0.1'],
    ['::', 'localhost', '127.0.0.1'],
    ['127.0.0.1', '127.0.0.1', '127.0.0.1'],
    ['::1', '[::1]', '[::1]'],
    ['[::1]', '[::1]', '[::1]'],
    ['baton.internal', 'baton.internal', 'baton.internal'],
  ])('%s: shown as %s, reached by the app as %s', (host, shown, reached) => {
    expect(displayHost(host)).toBe(shown);
    expect(loopbackTo(host)).toBe(reached);
  });
});
