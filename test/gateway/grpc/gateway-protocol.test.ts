/**
 * Gateway-level behaviour of the gRPC gateway, against a stub engine (stub-engine.ts): topology, error
 * mapping, long polling, job streams, backpressure, UNIMPLEMENTED. Engine behaviour over the same gateway
 * is tested end to end in sdk-end-to-end.test.ts.
 */

import type { Camunda8 } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { EngineError } from '../../../src/engine/errors';
import { type GrpcGateway, startGrpcGateway } from '../../../src/gateway/grpc/server';
import { sdkClient } from '../../support/sdk-client';
import { collect, type RawGatewayClient, rawClient, unary } from './raw-client';
import { StubEngine } from './stub-engine';

const logger = pino({ level: 'silent' });

async function waitFor(condition: () => boolean, what: string) {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('gRPC gateway protocol (stub engine)', () => {
  let stub: StubEngine;
  let gateway: GrpcGateway;
  let raw: RawGatewayClient;
  let camunda: Camunda8;

  beforeEach(async () => {
    stub = new StubEngine();
    gateway = await startGrpcGateway(stub.api, { port: 0, host: '127.0.0.1', logger, maxInFlight: 2 });
    raw = rawClient(gateway.port);
    camunda = sdkClient(`grpc://127.0.0.1:${gateway.port}`);
    // the SDK sets up its logger once its first call is answered; a first completeJob would trip on it
    await camunda.getZeebeGrpcApiClient().topology();
  });

  afterEach(async () => {
    raw.close();
    await camunda.closeAllClients();
    await gateway.close();
  });

  test('stub engine: Topology names one broker leading one partition, through the SDK', async () => {
    const topology = await camunda.getZeebeGrpcApiClient().topology();
    expect(topology).toMatchObject({
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: '8.8.0',
    });
    expect(topology.brokers).toHaveLength(1);
    expect(topology.brokers[0]).toMatchObject({
      nodeId: 0,
      port: gateway.port,
      partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
    });
  });

  test('stub engine: an engine NOT_FOUND reaches the SDK as NOT_FOUND in Zeebe rejection wording', async () => {
    const error = await camunda
      .getZeebeGrpcApiClient()
      .completeJob({ jobKey: '2251799813999999', variables: {} })
      .catch((e) => e);
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toContain(
      "Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '2251799813999999'",
    );
  });

  test('stub engine: FAILED_PRECONDITION is reported as Zeebe rejection type INVALID_STATE', async () => {
    stub.failWith = new EngineError('FAILED_PRECONDITION', 'Expected to cancel the root instance');
    const error = await unary(raw, 'CancelProcessInstance', { processInstanceKey: '1' }).catch((e) => e);
    expect(error.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(error.details).toBe(
      "Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel the root instance",
    );
  });

  test.each([
    ['{not json', 'Expected document to be valid JSON'],
    ['[1,2]', "Expected document to be a root level object, but was 'ARRAY'"],
    ['42', "Expected document to be a root level object, but was 'INTEGER'"],
  ])('stub engine: variables %s are rejected with INVALID_ARGUMENT naming the property', async (variables, message) => {
    const error = await unary(raw, 'CompleteJob', { jobKey: '1', variables }).catch((e) => e);
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain(`Property 'variables' is invalid: ${message}`);
    expect(stub.calls.filter((c) => c.method === 'completeJob')).toHaveLength(0);
  });

  test('stub engine: variables arrive in the engine as objects and int64 fields as numbers', async () => {
    await unary(raw, 'FailJob', {
      jobKey: '2251799813685999',
      retries: 2,
      errorMessage: 'boom',
      retryBackOff: '1500',
      variables: '{"a":1}',
    });
    expect(stub.calls).toContainEqual({ method: 'failJob', args: ['2251799813685999', 2, 'boom', 1500, { a: 1 }] });
  });

  test('stub engine: an unexpected engine error is INTERNAL without its stack', async () => {
    stub.failWith = new TypeError('cannot read properties of undefined');
    const error = await unary(raw, 'CreateProcessInstance', { bpmnProcessId: 'p', version: -1 }).catch((e) => e);
    expect(error.code).toBe(grpc.status.INTERNAL);
    expect(error.details).toBe(
      'Unexpected error occurred during the request processing: cannot read properties of undefined',
    );
    expect(error.details).not.toMatch(/\bat \S+ \(/);
  });

  test('stub engine: a tenant other than the default is rejected (multi-tenancy is disabled)', async () => {
    const error = await unary(raw, 'PublishMessage', { name: 'm', correlationKey: 'k', tenantId: 'acme' }).catch(
      (e) => e,
    );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toBe(
      "Expected to handle gRPC request PublishMessage with tenant identifier 'acme', but multi-tenancy is disabled",
    );
  });

  test('stub engine: RPCs the engine does not serve answer UNIMPLEMENTED, naming the RPC', async () => {
    const error = await camunda
      .getZeebeGrpcApiClient()
      .modifyProcessInstance({ processInstanceKey: '1', activateInstructions: [], terminateInstructions: [] })
      .catch((e) => e);
    expect(error.code).toBe(grpc.status.UNIMPLEMENTED);
    expect(error.details).toContain('ModifyProcessInstance is not supported by the embedded engine yet');
  });

  test('stub engine: more unary commands in flight than maxInFlight are refused with RESOURCE_EXHAUSTED', async () => {
    const request = { request: { bpmnProcessId: 'p', version: -1, variables: '{}' }, requestTimeout: '60000' };
    const first = unary(raw, 'CreateProcessInstanceWithResult', request);
    const second = unary(raw, 'CreateProcessInstanceWithResult', request);
    await waitFor(() => stub.calls.filter((c) => c.method === 'awaitCompletion').length === 2, 'two calls in flight');
    const refused = await unary(raw, 'PublishMessage', { name: 'm', correlationKey: 'k' }).catch((e) => e);
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(stub.calls.filter((c) => c.method === 'publishMessage')).toHaveLength(0);

    stub.completeAll({ done: true });
    await expect(first).resolves.toMatchObject({ processInstanceKey: '2251799813685100', variables: '{"done":true}' });
    await second;
    // slots are given back once answered
    await expect(unary(raw, 'PublishMessage', { name: 'm', correlationKey: 'k' })).resolves.toMatchObject({
      key: '2251799813685400',
    });
  });

  test('stub engine: ActivateJobs with requestTimeout -1 ends at once without jobs', async () => {
    const { messages, status } = await collect(
      raw.ActivateJobs({ type: 'none', worker: 'w', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '-1' }),
    );
    expect(status.code).toBe(grpc.status.OK);
    expect(messages).toEqual([]);
    expect(stub.pollerCount('none')).toBe(0);
  });

  test('stub engine: ActivateJobs answers at once when jobs wait, with JSON variables and int64 strings', async () => {
    stub.addJob({ type: 'ready', variables: { x: 1 }, customHeaders: { h: 'v' }, deadline: 1700000000000 });
    const { messages, status } = await collect(
      raw.ActivateJobs({ type: 'ready', worker: 'w1', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '20000' }),
    );
    expect(status.code).toBe(grpc.status.OK);
    expect(messages).toHaveLength(1);
    expect(messages[0].jobs).toEqual([
      expect.objectContaining({
        type: 'ready',
        worker: 'w1',
        variables: '{"x":1}',
        customHeaders: '{"h":"v"}',
        deadline: '1700000000000',
      }),
    ]);
  });

  test('stub engine: a long-polling ActivateJobs is woken when a job of its type becomes available', async () => {
    const call = collect(
      raw.ActivateJobs({ type: 'later', worker: 'w', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '30000' }),
    );
    await waitFor(() => stub.pollerCount('later') === 1, 'the call to park');
    stub.addJob({ type: 'other' });
    stub.addJob({ type: 'later', variables: { n: 7 } });
    const { messages, status } = await call;
    expect(status.code).toBe(grpc.status.OK);
    expect(messages.flatMap((m) => m.jobs).map((j) => j.variables)).toEqual(['{"n":7}']);
    expect(stub.pollerCount('later')).toBe(0);
    expect(stub.waiting.get('other')).toHaveLength(1);
  });

  test('stub engine: a long poll ends empty with OK when its requestTimeout passes', async () => {
    const { messages, status } = await collect(
      raw.ActivateJobs({ type: 'never', worker: 'w', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '100' }),
    );
    expect(status.code).toBe(grpc.status.OK);
    expect(messages).toEqual([]);
    expect(stub.pollerCount('never')).toBe(0);
  });

  test('stub engine: a long poll cancelled by the client unregisters from the engine', async () => {
    const stream = raw.ActivateJobs({
      type: 'cancelled',
      worker: 'w',
      timeout: '1000',
      maxJobsToActivate: 5,
      requestTimeout: '30000',
    });
    const done = collect(stream);
    await waitFor(() => stub.pollerCount('cancelled') === 1, 'the call to park');
    stream.cancel();
    expect((await done).status.code).toBe(grpc.status.CANCELLED);
    await waitFor(() => stub.pollerCount('cancelled') === 0, 'the poller to unregister');
    // a job created afterwards stays in the engine
    stub.addJob({ type: 'cancelled' });
    expect(stub.waiting.get('cancelled')).toHaveLength(1);
  });

  test('stub engine: closing the gateway ends parked long polls', async () => {
    const call = collect(
      raw.ActivateJobs({ type: 'parked', worker: 'w', timeout: '1000', maxJobsToActivate: 5, requestTimeout: '60000' }),
    );
    await waitFor(() => stub.pollerCount('parked') === 1, 'the call to park');
    await gateway.close();
    expect((await call).status.code).toBe(grpc.status.OK);
    expect(stub.pollerCount('parked')).toBe(0);
  });

  test('stub engine: StreamActivatedJobs receives pushed jobs and closes the engine stream on cancel', async () => {
    const stream = raw.StreamActivatedJobs({ type: 'pushed', worker: 'streamer', timeout: '5000' });
    const received: Record<string, unknown>[] = [];
    stream.on('data', (job) => received.push(job));
    stream.on('error', () => {});
    await waitFor(() => stub.streams.length === 1, 'the stream to open');
    expect(stub.streams[0]).toMatchObject({ type: 'pushed', worker: 'streamer', timeout: 5000 });
    stub.addJob({ type: 'pushed', variables: { a: 'b' } });
    stub.addJob({ type: 'pushed', variables: { a: 'c' } });
    await waitFor(() => received.length === 2, 'two pushed jobs');
    expect(received.map((j) => j.variables)).toEqual(['{"a":"b"}', '{"a":"c"}']);
    expect(received[0]).toMatchObject({ worker: 'streamer', type: 'pushed' });
    stream.cancel();
    await waitFor(() => stub.streams.length === 0, 'the engine stream to close');
  });

  test('stub engine: StreamActivatedJobs rejects a blank type like Zeebe', async () => {
    const { status } = await collect(raw.StreamActivatedJobs({ type: ' ', worker: 'w', timeout: '5000' }));
    expect(status.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(status.details).toBe('Expected to stream activated jobs with type to be present, but it was blank');
  });
});
