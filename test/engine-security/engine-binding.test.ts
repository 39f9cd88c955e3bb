/**
 * Issue 20 (1b): the embedded engine's gRPC (26500) and REST (8080) ports listen on 127.0.0.1 unless
 * ENGINE_HOST says otherwise — under `npm start` (the API keeps its own host, 0.0.0.0) and `npm run engine` —
 * so another machine cannot reach them, while the app's own clients still do over loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunningBaton } from '../../src/boot/start-baton';
import { envWithoutAppSettings } from '../app/app-harness';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { startTestBaton } from '../support/test-baton';

jest.setTimeout(90_000);

/** This machine's address on its network, where another machine would connect (none: the checks are skipped). */
const NETWORK_ADDRESS = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
const onNetwork = NETWORK_ADDRESS ? test : test.skip;

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const portOf = (address: string | undefined) => Number(/:(\d+)$/.exec(address ?? '')?.[1]);

describe('npm start: the engine ports on loopback, the API on its own host', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-binding-'));
  let baton: RunningBaton;
  beforeAll(async () => {
    baton = await startTestBaton({ dataDir, host: '0.0.0.0' });
  });
  afterAll(async () => {
    await baton?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the app reaches its engine over loopback and works', async () => {
    expect(baton.grpcAddress).toMatch(/^grpc:\/\/127\.0\.0\.1:\d+$/);
    expect(baton.restAddress).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(baton.processes.ping()).resolves.not.toThrow();
    expect(await connects('127.0.0.1', portOf(baton.restAddress))).toBe(true);
  });

  test("its engine's REST port refuses a write from another origin's page", async () => {
    const refused = await fetch(`${baton.restAddress}/v2/clock/reset`, {
      method: 'POST',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' },
    });
    expect(refused.status).toBe(403);
  });

  onNetwork('from the network the API answers, the engine ports do not', async () => {
    const address = NETWORK_ADDRESS as string;
    expect(await connects(address, baton.port)).toBe(true);
    expect(await connects(address, portOf(baton.grpcAddress))).toBe(false);
    expect(await connects(address, portOf(baton.restAddress))).toBe(false);
  });
});

describe('npm run engine (src/engine-main.ts): both ports on ENGINE_HOST', () => {
  const children: StartedChild[] = [];
  afterAll(() => {
    for (const started of children) if (started.child.exitCode === null) started.child.kill('SIGKILL');
  });

  async function startEngine(env: Record<string, string>): Promise<{ grpc: number; rest: number; out: string }> {
    // `node --import tsx` rather than the tsx CLI, whose grandchild a kill would leave running
    const started = spawnNode(['--import', 'tsx', path.join('src', 'engine-main.ts')], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'warn',
      ENGINE_DATA: 'memory',
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      ...env,
    });
    children.push(started);
    await waitWhileRunning(started, () => started.stdout().includes('Camunda REST API:'), 'the engine start', 30_000);
    const out = started.stdout();
    const grpc = Number(/Zeebe gRPC gateway: grpc:\/\/[^\s]+:(\d+)/.exec(out)?.[1]);
    const rest = Number(/Camunda REST API: +http:\/\/[^\s]+:(\d+)/.exec(out)?.[1]);
    return { grpc, rest, out };
  }

  onNetwork('by default 127.0.0.1: reachable on loopback only', async () => {
    const engine = await startEngine({});
    expect(engine.out).toMatch(/Zeebe gRPC gateway: grpc:\/\/127\.0\.0\.1:\d+/);
    expect(engine.out).toMatch(/Camunda REST API: +http:\/\/127\.0\.0\.1:\d+\/v2/);
    expect(await connects('127.0.0.1', engine.grpc)).toBe(true);
    expect(await connects('127.0.0.1', engine.rest)).toBe(true);
    expect(await connects(NETWORK_ADDRESS as string, engine.grpc)).toBe(false);
    expect(await connects(NETWORK_ADDRESS as string, engine.rest)).toBe(false);
  });

  test('ENGINE_CORS_ORIGINS reaches the REST port: the listed origin may call it', async () => {
    const ui = 'https://ui.example.com';
    const engine = await startEngine({ ENGINE_CORS_ORIGINS: ui });
    const preflight = await fetch(`http://127.0.0.1:${engine.rest}/v2/clock/reset`, {
      method: 'OPTIONS',
      headers: { Origin: ui, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ui);
    const reset = (origin: string) =>
      fetch(`http://127.0.0.1:${engine.rest}/v2/clock/reset`, { method: 'POST', headers: { Origin: origin } });
    expect((await reset(ui)).status).toBe(204);
    expect((await reset('https://other.example.com')).status).toBe(403);
  });

  onNetwork('ENGINE_HOST=0.0.0.0, knowingly unprotected: reachable from the network', async () => {
    const engine = await startEngine({ ENGINE_HOST: '0.0.0.0', ENGINE_ALLOW_UNPROTECTED_EXPOSURE: 'true' });
    expect(await connects(NETWORK_ADDRESS as string, engine.grpc)).toBe(true);
    expect(await connects(NETWORK_ADDRESS as string, engine.rest)).toBe(true);
  });
});
