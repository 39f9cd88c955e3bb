/**
 * Issue 2, point 9: `npm run engine` (src/engine-main.ts) as its own process — the SDK and zbctl-style
 * clients reach it over gRPC, it stops cleanly on SIGTERM and SIGINT, and with ENGINE_DATA set a restart
 * keeps the instance and its job; CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL makes its REST reads lag.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serviceTask } from '../support/bpmn';
import { sdkClient } from '../support/sdk-client';
import { deploy, takeJobs } from './zeebe-harness';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Standalone {
  child: ChildProcess;
  grpcAddress: string;
  output: () => string;
}

/** `npm run engine`'s entry point on free loopback ports, as a child process. */
function spawnStandalone(env: Record<string, string>): ChildProcess {
  return spawn(TSX, ['src/engine-main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      ENGINE_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the engine on free ports and waits for the address it prints. */
function startStandalone(env: Record<string, string>): Promise<Standalone> {
  const child = spawnStandalone(env);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not start in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Zeebe gRPC gateway: grpc:\/\/[^:]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, grpcAddress: `grpc://127.0.0.1:${match[1]}`, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the engine exited with ${code} before it was ready:\n${output}`)));
  });
}

function stop(engine: Standalone, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    engine.child.once('exit', (code) => resolve(code));
    engine.child.kill(signal);
  });
}

describe('npm run engine: the engine as a standalone process', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-standalone-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('serves the SDK over gRPC, stops with exit code 0 on SIGTERM, and keeps its state across a restart', async () => {
    const first = await startStandalone({ ENGINE_DATA: dataDir });
    let camunda = sdkClient(first.grpcAddress);
    let zeebe = camunda.getZeebeGrpcApiClient();
    const topology = await zeebe.topology();
    expect(topology.brokers).toHaveLength(1);
    await deploy(zeebe, {
      id: 'standalone',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'standalone-work')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> work -> end'],
    });
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: 'standalone',
      variables: { n: 7 },
    });
    await zeebe.close();
    expect(await stop(first)).toBe(0);
    expect(first.output()).not.toMatch(/shutdown failed/);

    const second = await startStandalone({ ENGINE_DATA: dataDir });
    camunda = sdkClient(second.grpcAddress);
    zeebe = camunda.getZeebeGrpcApiClient();
    try {
      const [job] = await takeJobs(zeebe, 'standalone-work');
      expect(job.processInstanceKey).toBe(processInstanceKey);
      expect(job.variables).toEqual({ n: 7 });
      await zeebe.completeJob({ jobKey: job.key, variables: {} });
    } finally {
      await zeebe.close();
      expect(await stop(second)).toBe(0);
    }
  });

  test('Ctrl-C (SIGINT) ends open long polls and exits with code 0', async () => {
    const engine = await startStandalone({ ENGINE_DATA: 'memory', LOG_LEVEL: 'info' });
    const zeebe = sdkClient(engine.grpcAddress).getZeebeGrpcApiClient();
    try {
      // connected first, so the worker-style long poll is parked in the gateway when the signal arrives
      await zeebe.topology();
      const poll = zeebe.activateJobs({
        type: 'nothing-comes',
        worker: 'w',
        timeout: 60_000,
        maxJobsToActivate: 1,
        requestTimeout: 30_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const exit = stop(engine, 'SIGINT');
      expect(await poll).toEqual([]);
      expect(await exit).toBe(0);
      expect(engine.output()).toMatch(/shutting down/);
      expect(engine.output()).toMatch(/SIGINT/);
      expect(engine.output()).toMatch(/engine stopped/);
    } finally {
      await zeebe.close();
    }
  });

  test('a second engine on the same ENGINE_DATA exits 1 with one line naming the first, and leaves it running', async () => {
    const first = await startStandalone({ ENGINE_DATA: dataDir });
    try {
      const second = spawnStandalone({ ENGINE_DATA: dataDir });
      let stderr = '';
      second.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise((resolve) => second.once('exit', resolve));
      expect(code).toBe(1);
      // (one line; the pid is the first engine's node process, which tsx starts under its own)
      const line = stderr.trim();
      expect(line.split('\n')).toHaveLength(1);
      const pid = Number(/is in use by process (\d+) /.exec(line)?.[1]);
      expect(line).toBe(
        `Baton's engine could not start: the engine data directory ${dataDir} is in use by process ${pid} (lock file ${path.join(dataDir, 'engine.lock')}): stop that process first, or delete the lock file if no Baton runs there`,
      );
      expect(() => process.kill(pid, 0)).not.toThrow(); // a running process: the first engine
      // the first one still answers
      const zeebe = sdkClient(first.grpcAddress).getZeebeGrpcApiClient();
      try {
        expect((await zeebe.topology()).brokers[0].partitions[0].health).toBe('HEALTHY');
      } finally {
        await zeebe.close();
      }
    } finally {
      expect(await stop(first)).toBe(0);
    }
  });
  test('with a flush interval its REST reads lag its commands (the Camunda-like profile); a wrong one names the setting', async () => {
    // PT10M: no flush but the one at start happens during the test, so what is not exported yet is certain
    const engine = await startStandalone({
      ENGINE_DATA: 'memory',
      CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: 'PT10M',
    });
    const rest = /Camunda REST API: +(\S+)/.exec(engine.output())?.[1];
    const zeebe = sdkClient(engine.grpcAddress).getZeebeGrpcApiClient();
    try {
      await deploy(zeebe, {
        id: 'lagging',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'lagging-work')}<bpmn:endEvent id="end"/>`,
        flows: ['start -> work -> end'],
      });
      const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'lagging', variables: {} });
      expect((await fetch(`${rest}/process-instances/${processInstanceKey}`)).status).toBe(404);
      await zeebe.cancelProcessInstance(processInstanceKey); // the command finds it
    } finally {
      await zeebe.close();
      expect(await stop(engine)).toBe(0);
    }

    const wrong = spawnStandalone({ ENGINE_DATA: 'memory', CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: 'soon' });
    let stderr = '';
    wrong.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await new Promise((resolve) => wrong.once('exit', resolve))).toBe(1);
    expect(stderr).toMatch(/CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL.*must be a duration such as PT0.5S/);
  });
});
