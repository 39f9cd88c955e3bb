/**
 * Password checks run two at a time off the event loop; the checks waiting for a slot are bounded, and one
 * more is turned away as busy (REST 503 RESOURCE_EXHAUSTED, gRPC RESOURCE_EXHAUSTED: clients retry) instead of
 * queueing without end. Credentials already verified are served from memory meanwhile, busy or not.
 */
import pino from 'pino';
import request from 'supertest';
import { createEngine, type Engine } from '../../src/engine/engine';
import { AccessTokens } from '../../src/engine-security/access-tokens';
import { type AuthOutcome, BasicAuthenticator } from '../../src/engine-security/basic-authenticator';
import type { GatewaySecurity } from '../../src/engine-security/gateway-security';
import { hashPassword } from '../../src/engine-security/password-hash';
import { type RestGateway, startRestGateway } from '../../src/gateway/rest';
import { basic } from './security-fixture';

const logger = pino({ level: 'silent' });

describe('bounded password verification', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ logger });
    const passwordHash = await hashPassword('right-Pass-1');
    engine.createUser({ username: 'demo', name: 'Demo', email: 'demo@demo.com', passwordHash });
  });
  afterAll(() => engine.close());

  test('two run, two wait, the rest are busy; a remembered success is served meanwhile', async () => {
    const authenticator = new BasicAuthenticator(engine, undefined, 2);
    expect(await authenticator.authenticate(basic('demo', 'right-Pass-1'))).toMatchObject({
      user: { username: 'demo' },
    });

    const guesses = Array.from({ length: 6 }, (_, i) => authenticator.authenticate(basic('demo', `guess-${i}`)));
    const remembered = await authenticator.authenticate(basic('demo', 'right-Pass-1'));
    expect(remembered).toMatchObject({ user: { username: 'demo' } });
    const outcomes = (await Promise.all(guesses)) as Extract<AuthOutcome, { failure: unknown }>[];
    expect(outcomes.map((o) => (o.failure.busy ? 'busy' : o.failure.grpc))).toEqual([
      'Invalid credentials',
      'Invalid credentials',
      'Invalid credentials',
      'Invalid credentials',
      'busy',
      'busy',
    ]);
  });

  test("one client's first calls together (an app's workers at start-up) cost one verification, not a queue", async () => {
    // no check may wait: were each of the ten verified on its own, eight would be turned away as busy
    const authenticator = new BasicAuthenticator(engine, undefined, 0);
    const together = await Promise.all(
      Array.from({ length: 10 }, () => authenticator.authenticate(basic('demo', 'right-Pass-1'))),
    );
    expect(together.map((o) => ('user' in o ? o.user.username : 'refused'))).toEqual(Array(10).fill('demo'));
    // wrong guesses sent together share nothing with it, and are each refused
    const guesses = await Promise.all([
      authenticator.authenticate(basic('demo', 'guess-a')),
      authenticator.authenticate(basic('demo', 'guess-a')),
    ]);
    expect(guesses.map((o) => ('failure' in o ? o.failure.grpc : 'accepted'))).toEqual([
      'Invalid credentials',
      'Invalid credentials',
    ]);
  });

  test('the REST port answers a busy check 503 RESOURCE_EXHAUSTED, not 401', async () => {
    const security: GatewaySecurity = {
      unprotectedApi: false,
      users: engine,
      tokens: new AccessTokens(),
      authenticator: new BasicAuthenticator(engine, undefined, 0),
    };
    let gateway: RestGateway | undefined;
    try {
      gateway = await startRestGateway(engine, { port: 0, host: '127.0.0.1', logger, security });
      const url = `http://127.0.0.1:${gateway.port}`;
      // two checks take the slots; of eight sent together, the others find them taken
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          request(url)
            .get('/v2/topology')
            .set('authorization', basic('demo', `guess-${i}`)),
        ),
      );
      expect(answers.every((a) => a.status === 401 || a.status === 503)).toBe(true);
      const busy = answers.find((a) => a.status === 503);
      expect(JSON.parse(busy?.text ?? '{}')).toMatchObject({
        title: 'RESOURCE_EXHAUSTED',
        detail: 'Too many sign-ins are being checked at once; retry shortly',
      });
    } finally {
      await gateway?.close();
    }
  });
});
