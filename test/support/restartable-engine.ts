/**
 * A journaled engine that a test can restart: each test gets a fresh temp data directory; `reopen()` closes
 * the engine (if open) and opens a new one on the same directory, which restores what the last one wrote.
 * After each test the engine is closed and the directory removed. Call it inside a describe block.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Engine, type EngineOptions, openEngine } from '../../src/engine/engine';

const silent = pino({ level: 'silent' });

export interface RestartableEngine {
  /** this test's data directory */
  readonly dir: string;
  /** the open engine, if any */
  readonly engine: Engine | undefined;
  /** a restart: closes the open engine and opens one on the same directory (`options` override the suite's) */
  reopen(options?: Omit<EngineOptions, 'dataDir'>): Promise<Engine>;
  /** closes the open engine (a test that edits the journal by hand) */
  close(): void;
}

/** `prefix` names the temp directory; `options` apply to every open (the journal alone by default: no snapshots). */
export function restartableEngine(prefix: string, options: Omit<EngineOptions, 'dataDir'> = {}): RestartableEngine {
  let dir = '';
  let engine: Engine | undefined;
  const close = () => {
    engine?.close();
    engine = undefined;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get engine() {
      return engine;
    },
    async reopen(overrides = {}) {
      close();
      engine = await openEngine({ logger: silent, snapshotEvery: 0, ...options, ...overrides, dataDir: dir });
      return engine;
    },
    close,
  };
}
