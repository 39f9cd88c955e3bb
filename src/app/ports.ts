/**
 * Port helpers for start-up: read a port override from the environment, and find out before binding whether
 * a fixed port is taken, so the message names the port and the variable that moves it.
 */
import net from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly what: string,
    readonly variable: string,
  ) {
    super(`Port ${port} (${what}) is already in use: stop what holds it, or set ${variable} to another port`);
    this.name = 'PortInUseError';
  }
}

/** An env port (0 allowed: any free port); invalid values name the variable. */
export function portFromEnv(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new Error(`Invalid configuration: ${name} must be a port number between 0 and 65535 (got "${raw}")`);
  }
  return Number(raw);
}

export function isAddressInUse(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(String(e?.message ?? ''));
}

/** Rejects with PortInUseError when something already listens on host:port (port 0 is always free). */
export function assertPortFree(port: number, host: string, what: string, variable: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err) => reject(isAddressInUse(err) ? new PortInUseError(port, what, variable) : err));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
