/**
 * A large tenant through the app as `npm start` runs it (models, forms and workers deployed from bpmn/):
 * POST /api/onboardings with `seats` of 100 or more waits for a person; the task is a Camunda user task on
 * REST v2 (/v2/user-tasks, candidate group account-management) with the form approve-large-tenant, which
 * the Tasklist completes. Approving provisions the tenant; rejecting removes the CRM record and a later
 * cancellation is a 409. A bad `seats` is a 400 naming it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createRepositories } from '../../src/data';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';
import { expectProblem } from './app-harness';

const API_KEY = 'large-tenant-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };
const WAIT_MS = 15_000;

describe('onboarding a large tenant: approval through a REST v2 user task with a form', () => {
  let baton: RunningBaton;
  let dataDir: string;
  let rest: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-large-tenant-'));
    baton = await startTestBaton({ dataDir, env: { ENGINE_DATA: 'memory', API_KEY }, openDatabase: openTestDatabase });
    if (!baton.restAddress) throw new Error('expected the embedded engine REST address');
    rest = baton.restAddress;
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const onboard = (customerId: string, seats?: unknown) =>
    request(baton.url)
      .post('/api/onboardings')
      .set(auth)
      .send({ customerId, email: `${customerId}@example.com`, company: `Company ${customerId}`, seats });
  const openTask = (processInstanceKey: string) =>
    eventually(
      async () =>
        (
          await request(rest)
            .post('/v2/user-tasks/search')
            .send({ filter: { processInstanceKey, state: 'CREATED' } })
        ).body.items?.[0],
      (task) => task !== undefined,
      'the approval task',
      WAIT_MS,
    );
  const tenantOf = (customerId: string) => createRepositories(baton.db).tenants.get(customerId);

  it('waits for approval with the linked form; approving provisions the tenant', async () => {
    const created = await onboard('big-co', 250);
    expect(created.status).toBe(201);
    const task = await openTask(created.body.processInstanceKey);
    expect(task).toEqual(
      expect.objectContaining({
        elementId: 'approve-large-tenant',
        name: 'Approve large tenant',
        candidateGroups: ['account-management'],
        formKey: expect.any(String),
      }),
    );
    expect(await tenantOf('big-co')).toBeUndefined();

    const form = await request(rest).get(`/v2/user-tasks/${task.userTaskKey}/form`);
    expect(form.status).toBe(200);
    expect(form.body).toEqual(expect.objectContaining({ formId: 'approve-large-tenant', formKey: task.formKey }));
    expect(form.body.schema.components.map((c: { key?: string }) => c.key).filter(Boolean)).toEqual([
      'approved',
      'approvalComment',
    ]);

    const done = await request(rest)
      .post(`/v2/user-tasks/${task.userTaskKey}/completion`)
      .send({ variables: { approved: true, approvalComment: 'expected growth' } });
    expect(done.status).toBe(204);
    await eventually(
      () => tenantOf('big-co'),
      (tenant) => tenant?.status === 'active',
      'the tenant to be provisioned',
      WAIT_MS,
    );
  });

  it('rejecting removes the CRM record; cancelling afterwards is a 409', async () => {
    const created = await onboard('huge-co', 10_000);
    const task = await openTask(created.body.processInstanceKey);
    await request(rest)
      .post(`/v2/user-tasks/${task.userTaskKey}/completion`)
      .send({ variables: { approved: false } })
      .expect(204);
    const cancelled = await eventually(
      async () => request(baton.url).post('/api/onboardings/huge-co/cancellation').set(auth),
      (res) => res.status === 409,
      'the onboarding to end rejected',
      WAIT_MS,
    );
    expect(cancelled.body.detail).toBe(
      'Cannot cancel the onboarding: the onboarding of customer huge-co was cancelled',
    );
    expect(await tenantOf('huge-co')).toBeUndefined();
  });

  it('a small tenant (or none given) is provisioned without a task', async () => {
    const created = await onboard('small-co', 12);
    expect(created.status).toBe(201);
    await eventually(
      () => tenantOf('small-co'),
      (tenant) => tenant?.status === 'active',
      'the tenant to be provisioned',
      WAIT_MS,
    );
  });

  it.each([
    ['a fraction', 10.5, /must be an int/],
    ['zero', 0, /greater than 0/],
    ['text', '100', /must be a number/],
  ])('refuses seats as %s (400 naming seats)', async (_what, seats, message) => {
    const body = expectProblem(await onboard('bad-seats', seats), 400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'seats', message: expect.stringMatching(message) })]);
  });
});
