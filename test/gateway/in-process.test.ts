/**
 * The in-process gateway entry (src/gateway/in-process.ts), what the app's API uses on the embedded engine:
 * a command it runs is rejected with the same gRPC status code and details as the same command sent to the
 * gRPC gateway, its variables travel as a copy of their JSON document, and it answers only once durable.
 */
import type { ServiceError } from '@grpc/grpc-js';
import pino from 'pino';
import type { EngineApi } from '../../src/engine/engine-api';
import { EngineError } from '../../src/engine/errors';
import { type GrpcGateway, startGrpcGateway } from '../../src/gateway/grpc/server';
import { inProcessGateway } from '../../src/gateway/in-process';
import { type RawGatewayClient, rawClient, unary } from './grpc/raw-client';
import { StubEngine } from './grpc/stub-engine';

describe('in-process gateway entry', () => {
  let stub: StubEngine;
  let gateway: GrpcGateway;
  let raw: RawGatewayClient;

  beforeAll(async () => {
    stub = new StubEngine();
    gateway = await startGrpcGateway(stub.api, { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }) });
    raw = rawClient(gateway.port);
  });
  afterAll(async () => {
    raw.close();
    await gateway.close();
  });
  afterEach(() => {
    stub.failWith = undefined;
  });

  /** CreateProcessInstance of `variables` in-process and over gRPC: each rejection's code and details. */
  async function bothRejections(variables: unknown) {
    const inProcess = inProcessGateway(stub.api);
    const ours = await inProcess
      .command('CreateProcessInstance', 'CREATE', () =>
        stub.api.createProcessInstance({
          bpmnProcessId: 'order',
          variables: inProcess.variables(variables as Record<string, unknown>),
        }),
      )
      .then(
        () => undefined,
        (err: { code: number; details: string }) => ({ code: err.code, details: err.details }),
      );
    const theirs = await unary(raw, 'CreateProcessInstance', {
      bpmnProcessId: 'order',
      version: -1,
      variables: JSON.stringify(variables),
    }).then(
      () => undefined,
      (err: ServiceError) => ({ code: err.code, details: err.details }),
    );
    return { ours, theirs };
  }

  test.each([
    ['NOT_FOUND', new EngineError('NOT_FOUND', "Expected to find process definition with process ID 'order'")],
    ['INVALID_STATE', new EngineError('FAILED_PRECONDITION', 'the instance is not active')],
    ['RESOURCE_EXHAUSTED', new EngineError('RESOURCE_EXHAUSTED', 'the engine is busy')],
    ['an unexpected error', new Error('boom')],
  ])('an engine rejection (%s) has the gRPC gateway’s status and details', async (_, error) => {
    stub.failWith = error;
    const { ours, theirs } = await bothRejections({ orderId: 'o-1' });
    expect(theirs).toBeDefined();
    expect(ours).toEqual(theirs);
  });

  test('variables that are not a JSON object are rejected as the gRPC gateway rejects them', async () => {
    const { ours, theirs } = await bothRejections([1, 2]);
    expect(ours).toEqual({
      code: 3,
      details: "Property 'variables' is invalid: Expected document to be a root level object, but was 'ARRAY'",
    });
    expect(ours).toEqual(theirs);
  });

  test('variables are a copy: a change to the caller’s object afterwards does not reach the engine', () => {
    const given = { order: { id: 'o-1' } };
    const sent = inProcessGateway(stub.api).variables(given);
    given.order.id = 'changed';
    expect(sent).toEqual({ order: { id: 'o-1' } });
    expect(inProcessGateway(stub.api).variables(undefined)).toEqual({});
  });

  test('a command answers only once the engine says what it wrote is durable', async () => {
    let makeDurable = () => {};
    const durable = () => new Promise<void>((resolve) => (makeDurable = resolve));
    const engine = { ...stub.api, durable } as EngineApi;
    let answered = false;
    const answer = inProcessGateway(engine)
      .command('CancelProcessInstance', 'CANCEL', () => 'done')
      .then((value) => {
        answered = true;
        return value;
      });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    makeDurable();
    await expect(answer).resolves.toBe('done');
  });
});
