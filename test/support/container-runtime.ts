/**
 * Is a container runtime (Docker, Podman, ...) reachable for testcontainers? Answered synchronously, because
 * jest's describe() cannot await: a child process runs testcontainers' own runtime detection
 * (container-runtime-probe.cjs: DOCKER_HOST, ~/.testcontainers.properties, the Docker socket, rootless
 * sockets) and the answer is kept in process.env for the rest of this jest worker.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ContainerRuntimeStatus {
  available: boolean;
  /** why not, in one line, when unavailable */
  reason?: string;
}

const CACHE_VARIABLE = 'BATON_TEST_CONTAINER_RUNTIME';
const PROBE = path.join(__dirname, 'container-runtime-probe.cjs');
const PROBE_TIMEOUT_MS = 30_000;

/** Where testcontainers would look, for the reason line: DOCKER_HOST, else the default socket. */
function whereLooked(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST} does not answer`;
  const socket = '/var/run/docker.sock';
  return existsSync(socket) ? `${socket} exists but does not answer` : `no ${socket} and DOCKER_HOST is unset`;
}

export function probeContainerRuntime(env: NodeJS.ProcessEnv = process.env): ContainerRuntimeStatus {
  const run = spawnSync(process.execPath, [PROBE], { env, encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
  const line = run.stdout?.trim().split('\n').pop();
  if (run.error || !line) {
    const why = run.error?.message ?? (run.stderr?.trim().split('\n')[0] || `exit code ${run.status}`);
    return { available: false, reason: `the container runtime probe failed: ${why}` };
  }
  const answer = JSON.parse(line) as { available: boolean; reason?: string };
  return answer.available
    ? { available: true }
    : { available: false, reason: `${answer.reason ?? 'no container runtime'} (${whereLooked(env)})` };
}

/** probeContainerRuntime(), once per process. */
export function containerRuntimeStatus(): ContainerRuntimeStatus {
  const cached = process.env[CACHE_VARIABLE];
  if (cached) return JSON.parse(cached) as ContainerRuntimeStatus;
  const status = probeContainerRuntime();
  process.env[CACHE_VARIABLE] = JSON.stringify(status);
  return status;
}
