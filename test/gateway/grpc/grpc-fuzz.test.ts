/**
 * Hostile input at the gRPC gateway (fast-check), through a bare grpc-js client: wrong types, huge and
 * invalid JSON variables, JSON that is not an object, negative and overflowing int64 strings, negative
 * timeouts and retries, unknown and empty keys, huge strings — and raw bytes that are not a valid message
 * at all, or a valid one with unknown fields. Every request gets a proper gRPC status (never UNKNOWN, never
 * INTERNAL for a well-formed message, never a stack trace in the details), a rejected request leaves the
 * engine's state exactly as it was (digest before/after), and the engine keeps serving valid requests.
 */
import * as grpc from '@grpc/grpc-js';
import fc from 'fast-check';
import pino from 'pino';
import { createEngine, type Engine } from '../../../src/engine/engine';
import { type GrpcGateway, startGrpcGateway } from '../../../src/gateway/grpc/server';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { collect, type RawGatewayClient, rawClient, unary } from './raw-client';

const logger = pino({ level: 'silent' });
const SERVICE = '/gateway_protocol.Gateway';
const xml = bpmnXml({
  id: 'fuzzed',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'fuzz-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});

const hugeText = 'x'.repeat(2 * 1024 * 1024);
const int64 = fc.oneof(
  fc.constantFrom(
    '-1',
    '0',
    '1',
    '99999999999999999999',
    '-9223372036854775808',
    '9223372036854775807',
    'abc',
    '1e3',
    '',
    ' 1',
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
);
const int32 = fc.oneof(fc.constantFrom(-1, 0, 2 ** 31 - 1, -(2 ** 31)), fc.integer());
const text = fc.oneof(
  fc.string(),
  fc.constantFrom('', ' ', '<default>', 'fuzzed', 'fuzz-work', '\u0000', '💥', 'a'.repeat(10_000)),
);
const variables = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '[]',
    '1',
    'null',
    'true',
    '"s"',
    '{"a":}',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{}}}',
  ),
  fc.constant(`[${'['.repeat(5_000)}${']'.repeat(5_001)}`),
  fc.constant(`{"big":"${hugeText}"}`),
  fc.json(),
  fc.string(),
);
/** a wrong type where the proto expects another (the client coerces or refuses to serialize it) */
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: wrongType });

const requests: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  CreateProcessInstance: fc.record(
    {
      bpmnProcessId: field(text),
      processDefinitionKey: field(int64),
      version: field(int32),
      variables: field(variables),
      tenantId: field(text),
      startInstructions: fc.array(fc.record({ elementId: field(text) }), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
  CreateProcessInstanceWithResult: fc.record(
    {
      request: fc.record(
        { bpmnProcessId: field(text), variables: field(variables), version: field(int32) },
        { requiredKeys: [] },
      ),
      requestTimeout: field(fc.constantFrom('-1', '1', '-9223372036854775808')),
      fetchVariables: fc.array(text, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  CancelProcessInstance: fc.record({ processInstanceKey: field(int64) }, { requiredKeys: [] }),
  CompleteJob: fc.record({ jobKey: field(int64), variables: field(variables) }, { requiredKeys: [] }),
  FailJob: fc.record(
    {
      jobKey: field(int64),
      retries: field(int32),
      errorMessage: field(text),
      retryBackOff: field(int64),
      variables: field(variables),
    },
    { requiredKeys: [] },
  ),
  ThrowError: fc.record(
    { jobKey: field(int64), errorCode: field(text), errorMessage: field(text), variables: field(variables) },
    { requiredKeys: [] },
  ),
  PublishMessage: fc.record(
    {
      name: field(text),
      correlationKey: field(text),
      timeToLive: field(int64),
      messageId: field(text),
      variables: field(variables),
      tenantId: field(text),
    },
    { requiredKeys: [] },
  ),
  SetVariables: fc.record(
    { elementInstanceKey: field(int64), variables: field(variables), local: field(fc.boolean()) },
    { requiredKeys: [] },
  ),
  ResolveIncident: fc.record({ incidentKey: field(int64) }, { requiredKeys: [] }),
  UpdateJobRetries: fc.record({ jobKey: field(int64), retries: field(int32) }, { requiredKeys: [] }),
  UpdateJobTimeout: fc.record({ jobKey: field(int64), timeout: field(int64) }, { requiredKeys: [] }),
  DeleteResource: fc.record({ resourceKey: field(int64) }, { requiredKeys: [] }),
  BroadcastSignal: fc.record(
    { signalName: field(text), variables: field(variables), tenantId: field(text) },
    { requiredKeys: [] },
  ),
  DeployResource: fc.record(
    {
      resources: fc.array(
        fc.record({
          name: field(text),
          content: fc.oneof(
            fc.uint8Array({ maxLength: 200 }).map(Buffer.from),
            fc.constant(Buffer.from('<bpmn:definitions')),
          ),
        }),
        { maxLength: 2 },
      ),
      tenantId: field(text),
    },
    { requiredKeys: [] },
  ),
};

/** Statuses a hostile but well-formed request may get. */
const PROPER = new Set([
  grpc.status.OK,
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
  grpc.status.ALREADY_EXISTS,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
  grpc.status.PERMISSION_DENIED,
  grpc.status.UNIMPLEMENTED,
]);

describe('gRPC gateway under hostile input (fast-check)', () => {
  let engine: Engine;
  let gateway: GrpcGateway;
  let raw: RawGatewayClient;
  let jobKey: string;

  /** Everything a client could observe, as one string. */
  const digest = () =>
    JSON.stringify([
      [...engine.listProcessDefinitions()],
      [...engine.listProcessInstances()],
      [...engine.listElementInstances()],
      [...engine.listJobs()],
      [...engine.listIncidents()],
      [...engine.listVariables()],
    ]);

  beforeAll(async () => {
    engine = createEngine({ logger });
    gateway = await startGrpcGateway(engine, { port: 0, host: '127.0.0.1', logger });
    raw = rawClient(gateway.port);
    await engine.deploy([{ name: 'fuzzed.bpmn', content: xml }]);
    engine.createProcessInstance({ bpmnProcessId: 'fuzzed', variables: { n: 1 } });
    [{ key: jobKey }] = engine.activateJobs({ type: 'fuzz-work', worker: 'w', timeout: 600_000, maxJobsToActivate: 1 });
  });
  afterAll(async () => {
    raw?.close();
    await gateway?.close();
    engine?.close();
  });

  test('every hostile unary request gets a proper status; a rejected one changes nothing', async () => {
    const seen = new Map<string, number>();
    const arbitrary = fc.oneof(
      ...Object.entries(requests).map(([rpc, arb]) => arb.map((request) => ({ rpc, request }))),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ rpc, request }) => {
        const before = digest();
        const outcome = await unary(raw, rpc, request).then(
          () => ({ code: grpc.status.OK, details: '' }),
          (err: grpc.ServiceError) => ({ code: err.code, details: err.details ?? '' }),
        );
        // the client refusing to serialize a wrong type never reached the gateway
        if (outcome.code === grpc.status.INTERNAL && /serializ/i.test(outcome.details)) return;
        const key = `${rpc} → ${grpc.status[outcome.code]}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        expect({ rpc, code: grpc.status[outcome.code], proper: PROPER.has(outcome.code) }).toEqual({
          rpc,
          code: grpc.status[outcome.code],
          proper: true,
        });
        expect(outcome.details).not.toMatch(/\n\s+at /);
        if (outcome.code !== grpc.status.OK) expect(digest()).toBe(before);
      }),
      { numRuns: 400, seed: 7_007 },
    );
    process.stdout.write(`gRPC fuzz outcomes: ${JSON.stringify(Object.fromEntries([...seen].sort()))}\n`);
    // the run did exercise rejections, not only successes
    expect([...seen.keys()].some((k) => k.endsWith('INVALID_ARGUMENT'))).toBe(true);
    expect([...seen.keys()].some((k) => k.endsWith('NOT_FOUND'))).toBe(true);
  }, 120_000);

  test('hostile ActivateJobs requests end with a proper status and activate nothing they should not', async () => {
    const request = fc.record(
      {
        type: field(
          fc.oneof(
            text.filter((t) => t !== 'fuzz-work'),
            fc.constant(''),
          ),
        ),
        worker: field(text),
        timeout: field(int64),
        maxJobsToActivate: field(int32),
        requestTimeout: fc.constantFrom('-1', '-9223372036854775808', '1'),
        tenantIds: fc.array(text, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const before = digest();
        const { status } = await collect(raw.ActivateJobs(req));
        if (status.code === grpc.status.INTERNAL && /serializ/i.test(status.details)) return;
        expect(PROPER.has(status.code)).toBe(true);
        expect(status.details).not.toMatch(/\n\s+at /);
        expect(digest()).toBe(before);
      }),
      { numRuns: 100, seed: 7_008 },
    );
  }, 60_000);

  test('bytes that are not a valid message, or carry unknown fields, never crash the gateway', async () => {
    const valid = (raw as unknown as grpc.Client).constructor as unknown as {
      service: Record<string, { requestSerialize(v: object): Buffer }>;
    };
    const encodePublish = valid.service.PublishMessage.requestSerialize;
    const unknownField = (bytes: Buffer, tag: number) => Buffer.concat([bytes, Buffer.from([(tag << 3) | 0, 0x2a])]);
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map(Buffer.from),
      fc
        .integer({ min: 16, max: 120 })
        .map((tag) => unknownField(encodePublish({ name: 'n', correlationKey: 'k', timeToLive: '-5' }), tag)),
    );
    const rpc = fc.constantFrom('PublishMessage', 'CompleteJob', 'CreateProcessInstance', 'SetVariables', 'Topology');
    const bare = new grpc.Client(`127.0.0.1:${gateway.port}`, grpc.credentials.createInsecure());
    try {
      await fc.assert(
        fc.asyncProperty(rpc, payload, async (name, bytes) => {
          const before = digest();
          const outcome = await new Promise<{ code: number; details: string }>((resolve) =>
            bare.makeUnaryRequest(
              `${SERVICE}/${name}`,
              (b: Buffer) => b,
              (b: Buffer) => b,
              bytes,
              (err) => resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' }),
            ),
          );
          // undecodable bytes get grpc-js' own INTERNAL "error deserializing" (as grpc-java answers them); nothing else
          expect(outcome.code).not.toBe(grpc.status.UNKNOWN);
          if (outcome.code === grpc.status.INTERNAL) expect(outcome.details).toMatch(/deserializ|parse/i);
          expect(outcome.details).not.toMatch(/\n\s+at /);
          if (outcome.code !== grpc.status.OK) expect(digest()).toBe(before);
        }),
        { numRuns: 150, seed: 7_009 },
      );
    } finally {
      bare.close();
    }
  }, 60_000);

  test('afterwards the engine still serves: the waiting job completes and the instance ends', async () => {
    await unary(raw, 'CompleteJob', { jobKey, variables: '{"done":true}' });
    const created = await unary(raw, 'CreateProcessInstance', {
      bpmnProcessId: 'fuzzed',
      version: -1,
      variables: '{}',
    });
    expect(created.processInstanceKey).toMatch(/^\d+$/);
    const [first] = [...engine.listProcessInstances()];
    expect(first.state).toBe('COMPLETED');
  });
});
