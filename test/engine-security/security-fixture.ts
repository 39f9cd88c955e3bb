/**
 * An embedded engine on its journal behind both gateways, secured as `npm run engine` secures it
 * (engineGatewaySecurity), on loopback ports; and SDK clients with or without Basic credentials.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../src/engine/engine';
import { engineGatewaySecurity } from '../../src/engine-security/gateway-security';
import type { InitialUser } from '../../src/engine-security/security-settings';
import { sdkClient } from '../support/sdk-client';

export const logger = pino({ level: 'silent' });
export const DEMO: InitialUser = { username: 'demo', password: 'demo-Secret-42', name: 'Demo', email: 'demo@demo.com' };

export interface SecuredEngine {
  dir: string;
  engine: Engine;
  services: EngineServices;
  grpcAddress: string;
  restUrl: string;
  /** stops the gateways and the engine, keeps the directory */
  stop(): Promise<void>;
}

export async function startSecuredEngine(
  dir: string,
  options: { unprotectedApi?: boolean; initialUser?: InitialUser; snapshotEvery?: number } = {},
): Promise<SecuredEngine> {
  const engine = await openEngine({ dataDir: dir, logger, snapshotEvery: options.snapshotEvery ?? 0 });
  const security = await engineGatewaySecurity(
    engine,
    { unprotectedApi: options.unprotectedApi ?? false, initialUser: options.initialUser ?? DEMO },
    logger,
  );
  const services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger, security });
  return {
    dir,
    engine,
    services,
    grpcAddress: `grpc://127.0.0.1:${services.grpcPort}`,
    restUrl: `http://127.0.0.1:${services.restPort}`,
    stop: async () => {
      await services.close();
      engine.close();
    },
  };
}

export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `baton-${name}-`));
export const removeDir = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** An unmodified SDK client; with credentials it authenticates as CAMUNDA_AUTH_STRATEGY=BASIC does. */
export function sdk(target: SecuredEngine, credentials?: { username: string; password: string }): Camunda8 {
  return sdkClient(target.grpcAddress, target.restUrl, { credentials });
}

export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** Every file under a directory with its bytes, to show a refused request changed nothing on disk. */
export function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

/** Whether any file under `dir` holds `text` (as UTF-8 bytes). */
export function diskHolds(dir: string, text: string): boolean {
  return Object.values(filesOf(dir)).some((b64) => Buffer.from(b64, 'base64').includes(Buffer.from(text, 'utf8')));
}
