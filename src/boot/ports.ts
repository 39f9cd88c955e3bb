/**
 * Port checks for start-up: find out before binding whether a fixed port is taken, so the message names the
 * port and the variable that moves it (the ports themselves are read in src/launch-settings.ts).
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
