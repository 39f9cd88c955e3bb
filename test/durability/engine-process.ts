/**
 * The standalone engine (`src/engine-main.ts`) as a child process for the durability tests: started with
 * ENGINE_DATA in a directory the test owns and on fixed loopback ports, so it can be killed with SIGKILL
 * (no shutdown hook runs) and started again on the same ports and the same journal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export interface EngineProcessOptions {
  dataDir: string;
  grpcPort: number;
  restPort: number;
  logLevel?: string;
  /** a file-size limit for the process (`ulimit -f`, KiB): writes past it fail as on a full disk (EFBIG) */
  fileSizeLimitKiB?: number;
}

export class EngineProcess {
  private child: ChildProcess | undefined;
  private stderr = '';
  starts = 0;
  /** how many starts found a torn last record in the journal (a kill mid-write) and dropped it */
  tornTails = 0;

  constructor(readonly options: EngineProcessOptions) {}

  get grpcAddress() {
    return `grpc://127.0.0.1:${this.options.grpcPort}`;
  }

  get restAddress() {
    return `http://127.0.0.1:${this.options.restPort}`;
  }

  /** what the process printed on stderr (its last 4,000 characters) */
  get stderrText() {
    return this.stderr;
  }

  get running() {
    return this.child !== undefined;
  }

  /** Starts the engine and resolves once it prints its gateway addresses (state replayed, ports bound). */
  start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('the engine process is already running');
    // `node --import tsx` rather than the tsx CLI: the CLI runs the script in a grandchild, which SIGKILL
    // would leave running (and holding the ports)
    const args = ['--import', 'tsx', path.join(ROOT, 'src', 'engine-main.ts')];
    const limit = this.options.fileSizeLimitKiB;
    const [command, commandArgs] =
      limit === undefined
        ? [process.execPath, args]
        : ['bash', ['-c', `ulimit -f ${limit} && exec "$0" "$@"`, process.execPath, ...args]];
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      env: {
        ...process.env,
        ENGINE_DATA: this.options.dataDir,
        ENGINE_HOST: '127.0.0.1',
        ZEEBE_GATEWAY_PORT: String(this.options.grpcPort),
        ZEEBE_REST_PORT: String(this.options.restPort),
        LOG_LEVEL: this.options.logLevel ?? 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4_000);
    });
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`the engine did not start within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(new Error(`${err.message}\nengine stderr:\n${this.stderr}`));
      };
      child.once('exit', (code, signal) =>
        fail(new Error(`the engine exited during start (code ${code}, signal ${signal})`)),
      );
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('Zeebe gRPC gateway:')) {
          clearTimeout(timer);
          if (out.includes('torn last record')) this.tornTails++;
          child.removeAllListeners('exit');
          child.once('exit', () => {
            if (this.child === child) this.child = undefined;
          });
          resolve();
        }
      });
    });
  }

  /** kill -9: no shutdown hook, nothing flushed that was not already on disk. */
  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** A clean stop (SIGTERM: gateways closed, journal closed). */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
