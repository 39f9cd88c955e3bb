/**
 * `npm start`'s bundle (dist/main.js, rebuilt first when a source changed) run as a child process with one
 * BATON_ROLE, for the suites that check what each role runs and several processes on one PostgreSQL.
 */
import path from 'node:path';
import { envWithoutAppSettings, ROOT } from '../app/app-harness';
import { type StartedChild, spawnNode, waitWhileRunning } from './child-process';

const { build, isFresh } = require(path.join(ROOT, 'scripts', 'build.cjs')) as {
  build(): Promise<void>;
  isFresh(entry: string): boolean;
};

/** Once per suite, before the children start: several children must not each rebuild dist/. */
export async function ensureBundleBuilt(): Promise<void> {
  if (!isFresh('main')) await build();
}

export function startRole(role: string, env: Record<string, string>): StartedChild {
  return spawnNode([path.join('dist', 'main.js')], {
    ...envWithoutAppSettings(),
    LOG_LEVEL: 'warn',
    ...(role ? { BATON_ROLE: role } : {}),
    ...env,
  });
}

/** Waits for the child to print `text` (it exits or the time runs out: fails with its output). */
export function printed(child: StartedChild, text: string, timeoutMs = 60_000): Promise<void> {
  return waitWhileRunning(child, () => child.stdout().includes(text), `the output "${text}"`, timeoutMs);
}

/** SIGTERM, then the exit code (SIGKILL after `timeoutMs`). */
export async function stopChild(child: StartedChild, timeoutMs = 15_000): Promise<number | null> {
  if (child.child.exitCode !== null) return child.child.exitCode;
  child.child.kill('SIGTERM');
  const timer = setTimeout(() => child.child.kill('SIGKILL'), timeoutMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}
