/**
 * Onboarding endpoints against the embedded engine over gRPC: starting customer-onboarding, and the two
 * messages (kickoff-completed, onboarding-cancelled) correlated by customer id; unknown customers are 404,
 * cancelled ones 409, bad input 400 with nothing started.
 */
import request from 'supertest';
import { AUTH, expectProblem, startTestApp, type TestApp } from './app-harness';

describe('onboardings API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
  });
  afterAll(() => t.close());

  const instances = () => [...(t.engine?.engine?.listProcessInstances() ?? [])];

  it('starts customer-onboarding with the customer variables (201)', async () => {
    const res = await request(t.app)
      .post('/api/onboardings')
      .set(AUTH)
      .send({ customerId: 'cust-new', email: 'ada@example.com', company: 'Analytical Engines Ltd' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ customerId: 'cust-new', processInstanceKey: expect.stringMatching(/^\d+$/) });
    expect(res.headers.location).toBe(`/api/process-instances/${res.body.processInstanceKey}`);
    expect(t.engine?.engine?.getProcessInstance(res.body.processInstanceKey)).toEqual(
      expect.objectContaining({ bpmnProcessId: 'customer-onboarding', state: 'ACTIVE' }),
    );
  });

  it('refuses to onboard a customer the CRM has as active (409)', async () => {
    await t.repositories.customers.create({ id: 'cust-active', email: 'a@example.com', company: 'A' });
    const before = instances().length;
    const body = expectProblem(
      await request(t.app)
        .post('/api/onboardings')
        .set(AUTH)
        .send({ customerId: 'cust-active', email: 'a@example.com', company: 'A' }),
      409,
    );
    expect(body.detail).toContain('cust-active');
    expect(instances().length).toBe(before);
  });

  it('rejects bad input naming each field and starts nothing', async () => {
    const before = instances().length;
    const body = expectProblem(
      await request(t.app)
        .post('/api/onboardings')
        .set(AUTH)
        .send({ customerId: '', email: 'not-an-email', plan: 'gold' }),
      400,
    );
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['company', 'customerId', 'email', 'plan']);
    expect(instances().length).toBe(before);
  });

  it('publishes kickoff-completed for a known customer, and the waiting instance receives it', async () => {
    // an instance parked at the kickoff wait, with the CRM record its first step would have written
    const started = await t.engine!.zeebe.createProcessInstance({
      bpmnProcessId: 'customer-onboarding',
      variables: { customerId: 'cust-kickoff', email: 'k@example.com', company: 'K' },
      startInstructions: [{ elementId: 'wait-kickoff' }],
    });
    await t.repositories.customers.create({ id: 'cust-kickoff', email: 'k@example.com', company: 'K' });
    const res = await request(t.app).post('/api/onboardings/cust-kickoff/kickoff-completed').set(AUTH);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ messageKey: expect.stringMatching(/^\d+$/) });
    const waits = [...t.engine!.engine!.listElementInstances(started.processInstanceKey)].filter(
      (e) => e.elementId === 'wait-kickoff',
    );
    expect(waits.map((e) => e.state)).toEqual(['COMPLETED']);
  });

  it('publishes onboarding-cancelled for a known customer (202), which ends the running onboarding', async () => {
    const started = await t.engine!.zeebe.createProcessInstance({
      bpmnProcessId: 'customer-onboarding',
      variables: { customerId: 'cust-cancel', email: 'c@example.com', company: 'C' },
      startInstructions: [{ elementId: 'wait-kickoff' }],
    });
    await t.repositories.customers.create({ id: 'cust-cancel', email: 'c@example.com', company: 'C' });
    const res = await request(t.app).post('/api/onboardings/cust-cancel/cancellation').set(AUTH).send({});
    expect(res.status).toBe(202);
    const wait = [...t.engine!.engine!.listElementInstances(started.processInstanceKey)].find(
      (e) => e.elementId === 'wait-kickoff',
    );
    expect(wait?.state).toBe('TERMINATED');
  });

  it('answers 404 for a customer no onboarding knows, for both messages', async () => {
    expectProblem(await request(t.app).post('/api/onboardings/nobody/kickoff-completed').set(AUTH), 404);
    expectProblem(await request(t.app).post('/api/onboardings/nobody/cancellation').set(AUTH), 404);
  });

  it('answers 409 for a customer whose onboarding was cancelled', async () => {
    await t.repositories.customers.create({ id: 'cust-gone', email: 'g@example.com', company: 'G' });
    await t.repositories.customers.delete('cust-gone');
    expectProblem(await request(t.app).post('/api/onboardings/cust-gone/kickoff-completed').set(AUTH), 409);
  });

  it('rejects fields in the message endpoints’ body (they take none)', async () => {
    await t.repositories.customers.create({ id: 'cust-body', email: 'b@example.com', company: 'B' });
    const body = expectProblem(
      await request(t.app).post('/api/onboardings/cust-body/kickoff-completed').set(AUTH).send({ when: 'now' }),
      400,
    );
    expect(body.errors).toEqual([{ field: 'when', message: 'is not a known field' }]);
  });
});
