/**
 * `npm test` against the local compose stack while its `app` service runs would share the cluster with
 * Baton's own job workers: they long-poll the same job types the scenario suites use (reserve-inventory,
 * charge-payment, ...) and would take the tests' jobs, completing them against the app's database. So when
 * the run points at an external cluster on this machine (ZEEBE_GRPC_ADDRESS on a loopback host) and
 * `docker compose ps` in the repository lists `app` or `workers` as running, globalSetup refuses to start, saying how to
 * stop it. Without a compose tool, or when compose answers nothing, there is nothing to check.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..', '..');
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0', 'host.docker.internal']);

/** The host of a gRPC address as Baton takes it: grpc://host:port, grpcs://..., or host:port. */
export function grpcHost(address: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `grpc://${address}`;
  try {
    return new URL(withScheme).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** Services the compose project in the repository runs; undefined when no compose tool answers. */
export function runningComposeServices(cwd: string = REPO_ROOT): string[] | undefined {
  for (const [file, args] of [
    // --filter status=running: both the compose plugin and the standalone v1 tool take it (--status is v2 only)
    ['docker', ['compose', 'ps', '--services', '--filter', 'status=running']],
    ['docker-compose', ['ps', '--services', '--filter', 'status=running']],
  ] as const) {
    const run = spawnSync(file, [...args], { cwd, encoding: 'utf8', timeout: 15_000 });
    if (!run.error && run.status === 0)
      return run.stdout
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean);
  }
  return undefined;
}

/** Why this run must not start, or undefined when it may. */
export function composeAppConflict(
  env: NodeJS.ProcessEnv = process.env,
  services: () => string[] | undefined = runningComposeServices,
): string | undefined {
  const address = env.ZEEBE_GRPC_ADDRESS;
  if (!address || !LOOPBACK_HOSTS.has(grpcHost(address))) return undefined;
  // the app service runs no workers itself (BATON_ROLE=api), but an older compose file's did; `workers` does
  const running = (services() ?? []).filter((name) => name === 'app' || name === 'workers');
  if (running.length === 0) return undefined;
  const which = running.length === 1 ? `${running[0]} service is` : `${running.join(' and ')} services are`;
  return (
    `ZEEBE_GRPC_ADDRESS=${address} is this machine's compose stack, and its ${which} running: ` +
    `Baton's own workers would take the tests' jobs. Stop it first: docker compose stop ${running.join(' ')}`
  );
}
