/**
 * The engine behind its gRPC gateway, driven by SDK workers (createWorker: ActivateJobs long polls), beside a
 * bare @grpc/grpc-js unary echo on the same machine in the same run. The claim is the ratio: how many echo
 * round trips one completed 4-task instance costs (ideal ≈ 9: one create, four activations, four completions).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import pino from 'pino';
import { startEngineServices } from '../src/boot/engine-gateways';
import { createEngine } from '../src/engine/engine';
import { TASKS, zeebeOrderXml } from './order-model';

const CONCURRENCY = 32;

/** Runs `total` tasks with at most CONCURRENCY in flight. */
async function pooled(total: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

export async function sdkInstancesPerSecond(instances: number): Promise<number> {
  const logger = pino({ level: 'silent' });
  const engine = createEngine({ logger });
  const services = await startEngineServices(engine, { grpcPort: 0, host: '127.0.0.1', logger });
  const camunda = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${services.grpcPort}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_LOG_LEVEL: 'none',
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
  } as never);
  const zeebe = camunda.getZeebeGrpcApiClient();
  try {
    await zeebe.deployResource({ name: 'order-bench.bpmn', process: Buffer.from(zeebeOrderXml) });
    // the app's own workers use createWorker (ActivateJobs long polling); streamJobs measured the same here
    for (const task of TASKS) {
      zeebe.createWorker({
        taskType: `bench-${task}`,
        maxJobsToActivate: CONCURRENCY,
        timeout: 60_000,
        pollInterval: 10,
        taskHandler: (job) => job.complete({ [task]: 'done' }),
      });
    }
    const started = performance.now();
    await pooled(instances, async (i) => {
      const { processInstanceKey } = await zeebe.createProcessInstance({
        bpmnProcessId: 'order-bench',
        variables: { notify: i % 2 === 0 },
      });
      await engine.awaitCompletion(processInstanceKey, 60_000);
    });
    return instances / ((performance.now() - started) / 1000);
  } finally {
    await zeebe.close();
    await services.close();
    engine.close();
  }
}

const ECHO_PROTO = `syntax = "proto3";
package bench;
service Echo { rpc Say (Msg) returns (Msg); }
message Msg { string text = 1; }`;

/** Round trips per second of a bare grpc-js unary echo with the same concurrency as the SDK run. */
export async function echoRoundTripsPerSecond(calls: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-echo-'));
  const protoFile = path.join(dir, 'echo.proto');
  writeFileSync(protoFile, ECHO_PROTO);
  const proto = grpc.loadPackageDefinition(loadSync(protoFile)) as unknown as {
    bench: { Echo: grpc.ServiceClientConstructor & { service: grpc.ServiceDefinition } };
  };
  const server = new grpc.Server();
  server.addService(proto.bench.Echo.service, {
    Say: (
      call: grpc.ServerUnaryCall<{ text: string }, { text: string }>,
      callback: grpc.sendUnaryData<{ text: string }>,
    ) => callback(null, { text: call.request.text }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const client = new proto.bench.Echo(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as {
    Say(req: { text: string }, cb: (err: Error | null) => void): void;
    close(): void;
  };
  const say = () =>
    new Promise<void>((resolve, reject) => client.Say({ text: 'ping' }, (err) => (err ? reject(err) : resolve())));
  try {
    await pooled(200, say); // warm-up
    const started = performance.now();
    await pooled(calls, say);
    return calls / ((performance.now() - started) / 1000);
  } finally {
    client.close();
    server.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}
