/**
 * The engine's users through Camunda's `/v2/users` and `/v2/authentication/me` on a protected engine: shapes and
 * statuses as @camunda8/orchestration-cluster-api describes them, rejections in Zeebe's and Camunda's words,
 * changes that take effect on authentication at once, and users that survive a restart (journal and
 * snapshot) with only scrypt hashes on disk. The initial user is created once, as Camunda's initialization.
 */
import * as grpc from '@grpc/grpc-js';
import request from 'supertest';
import {
  basic,
  DEMO,
  diskHolds,
  filesOf,
  removeDir,
  type SecuredEngine,
  sdk,
  startSecuredEngine,
  tempDir,
} from './security-fixture';

const ADA = { username: 'ada', password: 'Analytical-Engine-1843', name: 'Ada Lovelace', email: 'ada@example.com' };
const asDemo = basic('demo', DEMO.password);

describe('/v2/users', () => {
  let target: SecuredEngine;
  const http = () => request(target.restUrl);

  beforeEach(async () => {
    target = await startSecuredEngine(tempDir('users'));
  });
  afterEach(async () => {
    await target.stop();
    removeDir(target.dir);
  });

  test('create, get, search, update and delete, each as Camunda answers', async () => {
    const created = await http().post('/v2/users').set('authorization', asDemo).send(ADA);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ username: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' });

    const got = await http().get('/v2/users/ada').set('authorization', asDemo);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ username: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' });

    const found = await http()
      .post('/v2/users/search')
      .set('authorization', asDemo)
      .send({ filter: { email: 'ada@example.com' } });
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([got.body]);
    expect(found.body.page.totalItems).toBe(1);
    const all = await http()
      .post('/v2/users/search')
      .set('authorization', asDemo)
      .send({ sort: [{ field: 'username', order: 'DESC' }] });
    expect(all.body.items.map((u: { username: string }) => u.username)).toEqual(['demo', 'ada']);

    const updated = await http()
      .put('/v2/users/ada')
      .set('authorization', asDemo)
      .send({ name: 'Augusta Ada King', email: 'ada@example.org' });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ username: 'ada', name: 'Augusta Ada King', email: 'ada@example.org' });
    // no password in the update: the password stays
    expect((await http().get('/v2/topology').set('authorization', basic('ada', ADA.password))).status).toBe(200);

    const deleted = await http().delete('/v2/users/ada').set('authorization', asDemo);
    expect(deleted.status).toBe(204);
    expect((await http().get('/v2/users/ada').set('authorization', asDemo)).status).toBe(404);
    // a deleted user's credentials no longer open anything
    const refused = await http().get('/v2/topology').set('authorization', basic('ada', ADA.password));
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('Bad credentials');
  });

  test('a changed password takes effect at once on both ports', async () => {
    await http().post('/v2/users').set('authorization', asDemo).send(ADA).expect(201);
    const oldClient = sdk(target, ADA);
    try {
      expect((await oldClient.getZeebeGrpcApiClient().topology()).brokers).toHaveLength(1);
      await http()
        .put('/v2/users/ada')
        .set('authorization', asDemo)
        .send({ name: ADA.name, email: ADA.email, password: 'Difference-Engine-1822' })
        .expect(200);
      await expect(oldClient.getZeebeGrpcApiClient().topology()).rejects.toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
        details: 'Invalid credentials',
      });
      expect((await http().get('/v2/topology').set('authorization', basic('ada', ADA.password))).status).toBe(401);
      const renewed = await http().get('/v2/topology').set('authorization', basic('ada', 'Difference-Engine-1822'));
      expect(renewed.status).toBe(200);
    } finally {
      await oldClient.closeAllClients();
    }
  });

  test('GET /v2/authentication/me names the authenticated user', async () => {
    await http().post('/v2/users').set('authorization', asDemo).send(ADA).expect(201);
    const me = await http().get('/v2/authentication/me').set('authorization', basic('ada', ADA.password));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'ada',
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      tenants: [],
      groups: [],
      roles: [],
      canLogout: true,
    });
    expect((await http().get('/v2/authentication/me')).status).toBe(401);
  });

  test('rejections: 400 naming each field, 409 for a taken username, 404 for an unknown one; disk unchanged', async () => {
    const before = filesOf(target.dir);
    const invalid = await http()
      .post('/v2/users')
      .set('authorization', asDemo)
      .send({ username: 'bad name!', email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      title: 'INVALID_ARGUMENT',
      detail:
        "The provided username contains illegal characters. It must match the pattern '^[a-zA-Z0-9_@.-]+$'. " +
        "No password provided. No name provided. The provided email 'not-an-email' is not valid.",
    });
    const typed = await http()
      .post('/v2/users')
      .set('authorization', asDemo)
      .send({ ...ADA, name: 42 });
    expect(typed.status).toBe(400);
    expect(typed.body.detail).toContain('name');

    const taken = await http()
      .post('/v2/users')
      .set('authorization', asDemo)
      .send({ ...ADA, username: 'demo' });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toBe(
      "Expected to create user with username 'demo', but a user with this username already exists",
    );

    const unknownUpdate = await http()
      .put('/v2/users/nobody')
      .set('authorization', asDemo)
      .send({ name: 'N', email: 'n@example.com' });
    expect(unknownUpdate.status).toBe(404);
    expect(unknownUpdate.body.detail).toBe(
      'Expected to update user with username nobody, but a user with this username does not exist',
    );
    const unknownDelete = await http().delete('/v2/users/nobody').set('authorization', asDemo);
    expect(unknownDelete.status).toBe(404);
    expect(unknownDelete.body.detail).toBe(
      'Expected to delete user with username nobody, but a user with this username does not exist',
    );
    // refused before the engine (400) changes nothing; a rejected command is journaled as Zeebe logs it,
    // so only the rejections that reached the engine may have added journal records
    const after = filesOf(target.dir);
    for (const [file, bytes] of Object.entries(before)) {
      expect(Buffer.from(after[file], 'base64').subarray(0, Buffer.from(bytes, 'base64').length)).toEqual(
        Buffer.from(bytes, 'base64'),
      );
    }
    expect((await http().get('/v2/users/demo').set('authorization', asDemo)).body.name).toBe('Demo');
  });

  test("a password is exactly itself: trailing NUL bytes (equal under scrypt's HMAC key padding) do not sign in", async () => {
    const padded = await http()
      .get('/v2/topology')
      .set('authorization', basic('demo', `${DEMO.password}\u0000`));
    expect(padded.status).toBe(401);
    const created = await http()
      .post('/v2/users')
      .set('authorization', asDemo)
      .send({ ...ADA, password: 'with\u0000nul' });
    expect(created.status).toBe(400);
    expect(created.body.detail).toBe('The provided password must not contain NUL characters.');
  });

  test('without credentials the user API is closed like the rest', async () => {
    const before = filesOf(target.dir);
    expect((await http().post('/v2/users').send(ADA)).status).toBe(401);
    expect((await http().post('/v2/users/search').send({})).status).toBe(401);
    expect(filesOf(target.dir)).toEqual(before);
  });
});

describe('users across restarts', () => {
  let dir: string;
  let target: SecuredEngine | undefined;

  beforeEach(() => {
    dir = tempDir('users-restart');
  });
  afterEach(async () => {
    await target?.stop();
    target = undefined;
    removeDir(dir);
  });

  const signIn = (t: SecuredEngine, username: string, password: string) =>
    request(t.restUrl).get('/v2/topology').set('authorization', basic(username, password));

  test.each([
    ['its journal', false],
    ['a snapshot', true],
  ])('users and password changes survive a restart from %s; no password is on disk', async (_from, snapshot) => {
    target = await startSecuredEngine(dir);
    await request(target.restUrl).post('/v2/users').set('authorization', asDemo).send(ADA).expect(201);
    await request(target.restUrl)
      .put('/v2/users/demo')
      .set('authorization', asDemo)
      .send({ name: 'Demo', email: DEMO.email, password: 'changed-Demo-7' })
      .expect(200);
    if (snapshot) {
      expect(target.engine.snapshot()).toBe(true);
      await target.engine.snapshotsWritten();
    }
    await target.stop();

    target = await startSecuredEngine(dir);
    expect((await signIn(target, 'ada', ADA.password)).status).toBe(200);
    expect((await signIn(target, 'demo', 'changed-Demo-7')).status).toBe(200);
    // the setting's password does not overwrite the user that exists (Camunda checks only the id)
    expect((await signIn(target, 'demo', DEMO.password)).status).toBe(401);
    for (const secret of [ADA.password, DEMO.password, 'changed-Demo-7']) {
      expect(diskHolds(dir, secret)).toBe(false);
      expect(diskHolds(dir, Buffer.from(secret).toString('base64'))).toBe(false);
    }
    expect(diskHolds(dir, 'scrypt$')).toBe(true);
  });

  test('the initial user is created at first start and a new username in the setting adds that user', async () => {
    target = await startSecuredEngine(dir);
    expect((await signIn(target, 'demo', DEMO.password)).status).toBe(200);
    await target.stop();
    const other = { username: 'operator', password: 'operator-Pass-9', name: 'Operator', email: 'op@example.com' };
    target = await startSecuredEngine(dir, { initialUser: other });
    expect((await signIn(target, 'operator', other.password)).status).toBe(200);
    expect((await signIn(target, 'demo', DEMO.password)).status).toBe(200);
  });
});
