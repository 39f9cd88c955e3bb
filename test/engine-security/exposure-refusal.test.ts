/**
 * Issue 20 (1b): an engine that anyone on the network could drive does not start by accident. An unprotected
 * API (CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=true, Camunda 8 Run's default) on an address other than
 * loopback, or a protected one whose first user still has the password "demo", stops `npm run engine` and
 * `npm start` with one line saying why and what to set, exit code 1, before anything is written to the data
 * directory — unless ENGINE_ALLOW_UNPROTECTED_EXPOSURE=true says the risk is taken knowingly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { envWithoutAppSettings } from '../app/app-harness';
import { type StartedChild, spawnNode } from '../support/child-process';
import { freePort } from '../support/free-port';

jest.setTimeout(60_000);

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(({ variable, message }) => ({ variable, message }));
  }
  return [];
}

const PROTECTED = {
  CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
  CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: 'a-password-of-my-own',
};

describe('exposing the embedded engine', () => {
  it('is refused for an unprotected API on a non-loopback address, naming what to set', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.2', 'engine.example.com']) {
      const problems = problemsOf({ ENGINE_HOST: host });
      expect(problems).toHaveLength(1);
      expect(problems[0].variable).toBe('ENGINE_HOST');
      expect(problems[0].message).toMatch(/not a loopback address/);
      expect(problems[0].message).toMatch(/CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=false/);
      expect(problems[0].message).toMatch(/ENGINE_ALLOW_UNPROTECTED_EXPOSURE=true/);
    }
  });

  it('is refused for a protected API whose first user keeps the password "demo"', () => {
    const problems = problemsOf({ ENGINE_HOST: '0.0.0.0', CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false' });
    expect(problems).toHaveLength(1);
    expect(problems[0].variable).toBe('ENGINE_HOST');
    expect(problems[0].message).toMatch(/CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD/);
    expect(problems[0].message).toMatch(/still has the default password/);
  });

  it('is allowed on loopback, protected with a password of its own, knowingly, or with an external cluster', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ ENGINE_HOST: 'localhost' })).toEqual([]);
    expect(problemsOf({ ENGINE_HOST: '127.0.0.2' })).toEqual([]);
    expect(problemsOf({ ENGINE_HOST: '::1' })).toEqual([]);
    expect(problemsOf({ ENGINE_HOST: '0.0.0.0', ...PROTECTED })).toEqual([]);
    expect(problemsOf({ ENGINE_HOST: '0.0.0.0', ENGINE_ALLOW_UNPROTECTED_EXPOSURE: 'true' })).toEqual([]);
    // no embedded engine, no engine ports
    expect(problemsOf({ ENGINE_HOST: '0.0.0.0', ZEEBE_GRPC_ADDRESS: 'zeebe:26500' })).toEqual([]);
  });

  it('names ZEEBE_GATEWAY_HOST, which ENGINE_HOST replaces, when it asks for another address', () => {
    expect(problemsOf({ ZEEBE_GATEWAY_HOST: '0.0.0.0' })).toEqual([
      { variable: 'ZEEBE_GATEWAY_HOST', message: expect.stringMatching(/is no longer read: set ENGINE_HOST/) },
    ]);
    expect(problemsOf({ ZEEBE_GATEWAY_HOST: '127.0.0.1' })).toEqual([]);
  });
});

describe('a refused exposure stops the commands with one line, before the data directory is touched', () => {
  const dirs: string[] = [];
  const children: StartedChild[] = [];
  afterAll(() => {
    for (const started of children) if (started.child.exitCode === null) started.child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs an entry point through tsx; an engine that starts instead of refusing is stopped after 30 s. */
  async function refusal(entry: string, env: Record<string, string>): Promise<{ code: number | null; err: string }> {
    // `node --import tsx` rather than the tsx CLI, whose grandchild a kill would leave running
    const started = spawnNode(['--import', 'tsx', path.join('src', entry)], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'warn',
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      ...env,
    });
    children.push(started);
    const timer = setTimeout(() => started.child.kill('SIGKILL'), 30_000);
    const code = await started.exited;
    clearTimeout(timer);
    return { code, err: started.stderr() };
  }

  test('npm run engine (src/engine-main.ts)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-exposure-'));
    dirs.push(dir);
    const engineData = path.join(dir, 'engine');
    const { code, err } = await refusal('engine-main.ts', { ENGINE_HOST: '0.0.0.0', ENGINE_DATA: engineData });
    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Baton's engine could not start: Invalid configuration: ENGINE_HOST .*not a loopback/);
    expect(existsSync(engineData)).toBe(false);
  });

  test('npm start (src/main.ts)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-exposure-'));
    dirs.push(dir);
    const dataDir = path.join(dir, 'data');
    const { code, err } = await refusal('main.ts', {
      ENGINE_HOST: '0.0.0.0',
      CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
    });
    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: ENGINE_HOST .*CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
