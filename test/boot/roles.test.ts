/**
 * BATON_ROLE (issue 26) on `npm start`'s bundle: `engine` runs the engine alone (its gRPC gateway listens, the
 * API port does not); `api` and `workers` refuse to start on embedded PGlite with a message naming
 * DATABASE_URL, and `workers` without an engine address names ZEEBE_GRPC_ADDRESS. What `api` and `workers`
 * run together on PostgreSQL is test/durability/multi-process.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { freePort } from '../support/free-port';
import { ensureBundleBuilt, printed, startRole, stopChild } from '../support/role-process';

jest.setTimeout(120_000);

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('BATON_ROLE', () => {
  let dataDir: string;
  beforeAll(async () => {
    await ensureBundleBuilt();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-roles-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('engine: the engine alone, as npm run engine; no API', async () => {
    const [grpcPort, apiPort] = [await freePort(), await freePort()];
    const engine = startRole('engine', {
      DATA_DIR: dataDir,
      ENGINE_DATA: 'memory',
      ZEEBE_GATEWAY_PORT: String(grpcPort),
      ZEEBE_REST_PORT: '0',
      PORT: String(apiPort),
    });
    try {
      await printed(engine, `Zeebe gRPC gateway: grpc://127.0.0.1:${grpcPort}`);
      expect(await listening(grpcPort)).toBe(true);
      expect(await listening(apiPort)).toBe(false);
      expect(engine.stdout()).not.toContain('Baton is running');
    } finally {
      expect(await stopChild(engine)).toBe(0);
    }
  });

  test.each([
    ['workers', { ZEEBE_GRPC_ADDRESS: 'grpc://127.0.0.1:26500' }],
    ['api', {}],
  ])('%s on embedded PGlite refuses to start, naming DATABASE_URL', async (role, env) => {
    const child = startRole(role, { DATA_DIR: dataDir, ...env });
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toContain(`DATABASE_URL must be set when BATON_ROLE is ${role}`);
    expect(child.stdout()).not.toContain('running');
  });

  test('the settings: workers need the engine address too; an unknown role is named', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problems({ BATON_ROLE: 'workers' })).toMatch(/DATABASE_URL must be set.*ZEEBE_GRPC_ADDRESS must be set/);
    expect(problems({ BATON_ROLE: 'workers', DATABASE_URL: 'postgres://db/baton' })).toMatch(
      /^Invalid configuration: ZEEBE_GRPC_ADDRESS must be set when BATON_ROLE is workers/,
    );
    expect(problems({ BATON_ROLE: 'API', DATABASE_URL: 'postgres://db/baton' })).toBe('');
    expect(loadConfig({ BATON_ROLE: 'Api', DATABASE_URL: 'postgres://db/baton' }).batonRole).toBe('api');
    expect(problems({ BATON_ROLE: 'engine' })).toBe('');
    expect(problems({ BATON_ROLE: 'worker' })).toMatch(/BATON_ROLE must be one of all, api, workers, engine/);
    expect(loadConfig({}).batonRole).toBeUndefined();
  });
});
