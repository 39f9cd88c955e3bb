/**
 * A node child process for the suites that run the app's own commands (src/main.ts through tsx, the
 * bundle through scripts/run-built.cjs): its output collected as it comes, its exit code as a promise, and
 * a poll that gives up as soon as the child has exited, showing what it printed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface StartedChild {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs `node ...args` in the project root; without `env` the child inherits this process's environment.
 * The engine's management port is any free one unless `env` names it: suites start engines side by side.
 */
export function spawnNode(args: string[], env?: Record<string, string>): StartedChild {
  const childEnv = { ...(env ?? process.env), ZEEBE_MANAGEMENT_PORT: env?.ZEEBE_MANAGEMENT_PORT ?? '0' };
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls check() every 100 ms; fails with the child's output once the time is up or the child has exited. */
export async function waitWhileRunning(
  started: StartedChild,
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`${what} did not happen; stdout:\n${started.stdout()}\nstderr:\n${started.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
