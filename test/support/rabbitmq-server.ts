/**
 * A throwaway RabbitMQ broker for one test file: Debian's `rabbitmq-server` (`.ci/run` installs it) started
 * as a child with its own HOME, node name, ports and data directory in a temp dir, so two test files (or two
 * worktrees) never share one, and without plugins. `restart()` stops it hard (SIGKILL to its process group)
 * and starts it again on the same data, as a crashed broker comes back; `stop()` removes everything,
 * including the epmd it started on its own port.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export function rabbitmqInstalled(): boolean {
  return existsSync(SERVER);
}

export interface TestRabbitmq {
  url: string;
  /** kills the broker (like a crash) and starts it again on the same data */
  restart(): Promise<void>;
  /** kills the broker; start() brings it back on the same data */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startTestRabbitmq(): Promise<TestRabbitmq> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-test-rabbitmq-'));
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const plugins = path.join(dir, 'enabled_plugins');
  writeFileSync(plugins, '[].\n');
  const env = {
    ...process.env,
    HOME: dir,
    RABBITMQ_NODENAME: `baton-test-${port}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_ENABLED_PLUGINS_FILE: plugins,
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function start() {
    child = spawn(SERVER, [], { env, detached: true, stdio: 'ignore', cwd: dir });
    const running = child;
    exited = new Promise((resolve) => running.once('exit', () => resolve()));
    const deadline = Date.now() + 60_000;
    while (!(await portOpen(port))) {
      if (running.exitCode !== null) throw new Error(`rabbitmq-server exited (${running.exitCode}); see ${dir}/log`);
      if (Date.now() > deadline) throw new Error(`rabbitmq-server did not listen on ${port} within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function kill() {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      await exited;
    }
    child = undefined;
    // the port closes with the process; wait so a restart can bind it
    while (await portOpen(port)) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      try {
        execFileSync('epmd', ['-kill'], { env, stdio: 'ignore' });
      } catch {
        // no epmd of ours is running
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
