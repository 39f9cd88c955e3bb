/**
 * zbctl speaks only OAuth client credentials (`--clientId`, `--clientSecret`, `--authzUrl`): against a protected
 * engine it fetches a token from the engine's `POST /oauth/token` with a user's username and password and
 * sends it as `Bearer` on every call. Without credentials it meets Zeebe's UNAUTHENTICATED; with a wrong
 * password it gets no token. Tokens die with the password they were issued for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { basic, DEMO, filesOf, removeDir, type SecuredEngine, startSecuredEngine, tempDir } from './security-fixture';

const run = promisify(execFile);
const BINARIES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'zbctl-cli.linux',
  darwin: 'zbctl-cli.darwin',
  win32: 'zbctl-cli.exe',
};
const binary = join(dirname(require.resolve('zbctl/package.json')), 'bin', BINARIES[process.platform] ?? 'none');

describe('zbctl with credentials against a protected engine', () => {
  let target: SecuredEngine;
  let home: string;

  /** zbctl's output, or its error output when it fails */
  const zbctl = async (credentials: { username: string; password: string } | undefined, ...args: string[]) => {
    const auth = credentials
      ? [
          '--clientId',
          credentials.username,
          '--clientSecret',
          credentials.password,
          '--authzUrl',
          `${target.restUrl}/oauth/token`,
          '--clientCache',
          join(home, `cache-${Math.random()}`),
        ]
      : [];
    try {
      const { stdout } = await run(
        binary,
        ['--insecure', '--address', `127.0.0.1:${target.services.grpcPort}`, ...auth, ...args],
        { timeout: 20_000 },
      );
      return { ok: true, out: stdout };
    } catch (err) {
      return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) };
    }
  };

  beforeAll(async () => {
    target = await startSecuredEngine(tempDir('zbctl'));
    home = mkdtempSync(join(tmpdir(), 'zbctl-home-'));
  });
  afterAll(async () => {
    await target.stop();
    removeDir(target.dir);
    rmSync(home, { recursive: true, force: true });
  });

  test('with a user as client id and secret: status, deploy, create an instance, complete its job', async () => {
    const status = await zbctl(DEMO, 'status');
    expect(status).toMatchObject({ ok: true });
    expect(status.out).toContain('Cluster size: 1');

    const file = join(home, 'zbctl-guarded.bpmn');
    writeFileSync(
      file,
      bpmnXml({
        id: 'zbctl-guarded',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'zbctl-guarded-work')}<bpmn:endEvent id="end"/>`,
        flows: ['start -> work -> end'],
      }),
    );
    expect((await zbctl(DEMO, 'deploy', file)).ok).toBe(true);
    const created = await zbctl(DEMO, 'create', 'instance', 'zbctl-guarded');
    expect(created.ok).toBe(true);
    const instanceKey = JSON.parse(created.out).processInstanceKey as string;
    const activated = await zbctl(DEMO, 'activate', 'jobs', 'zbctl-guarded-work', '--maxJobsToActivate', '1');
    const jobKey = JSON.parse(activated.out).jobs[0].key as string;
    expect((await zbctl(DEMO, 'complete', 'job', jobKey)).ok).toBe(true);
    expect(target.engine.getProcessInstance(String(instanceKey))?.state).toBe('COMPLETED');
  });

  test('without credentials or with a wrong password it is turned away, and nothing reaches the journal', async () => {
    const before = filesOf(target.dir);
    const bare = await zbctl(undefined, 'publish', 'message', 'm', '--correlationKey', 'k');
    expect(bare.ok).toBe(false);
    expect(bare.out).toContain(
      'code = Unauthenticated desc = Expected authentication information at header with key [authorization], but found nothing',
    );
    const wrong = await zbctl(
      { username: 'demo', password: 'wrong' },
      'publish',
      'message',
      'm',
      '--correlationKey',
      'k',
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.out).toMatch(/401|invalid_client/);
    expect(filesOf(target.dir)).toEqual(before);
  });
});

describe('POST /oauth/token', () => {
  let target: SecuredEngine;
  beforeAll(async () => {
    target = await startSecuredEngine(tempDir('oauth-token'));
  });
  afterAll(async () => {
    await target.stop();
    removeDir(target.dir);
  });

  const token = (form: Record<string, string>) => request(target.restUrl).post('/oauth/token').type('form').send(form);

  test('issues a bearer token for a user, refuses wrong secrets and other grants in OAuth words', async () => {
    const bad = await token({ grant_type: 'client_credentials', client_id: 'demo', client_secret: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ error: 'invalid_client', error_description: 'Bad credentials' });
    const grant = await token({ grant_type: 'password', client_id: 'demo', client_secret: DEMO.password });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');

    const issued = await token({ grant_type: 'client_credentials', client_id: 'demo', client_secret: DEMO.password });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const bearer = `Bearer ${issued.body.access_token}`;
    expect((await request(target.restUrl).get('/v2/topology').set('authorization', bearer)).status).toBe(200);
    const forged = await request(target.restUrl).get('/v2/topology').set('authorization', 'Bearer forged');
    expect(forged.status).toBe(401);

    // an unreadable body is an OAuth error too, never a stack
    const malformed = await request(target.restUrl).post('/oauth/token').type('json').send('{"grant_type":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: 'invalid_request',
      error_description: 'The request body could not be read',
    });
    expect(malformed.text).not.toMatch(/at .*\.js/);

    // a new password ends the tokens issued for the old one
    await request(target.restUrl)
      .put('/v2/users/demo')
      .set('authorization', basic('demo', DEMO.password))
      .send({ name: 'Demo', email: DEMO.email, password: 'another-Demo-3' })
      .expect(200);
    expect((await request(target.restUrl).get('/v2/topology').set('authorization', bearer)).status).toBe(401);
  });
});
