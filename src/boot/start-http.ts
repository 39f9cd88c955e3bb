/**
 * The API and UI on their HTTP port. A taken port is a PortInUseError naming PORT; on shutdown idle
 * connections close at once and requests still running after 2 s are cut off.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAddressInUse, PortInUseError } from './ports';
import type { StartedParts } from './shutdown';

/** how long shutdown lets running requests finish */
const REQUEST_GRACE_MS = 2_000;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      reject(isAddressInUse(err) ? new PortInUseError(port, 'the API', 'PORT') : err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Serves `app` on host:port (0: any free port); resolves with the port it listens on. */
export async function startHttp(
  app: RequestListener,
  port: number,
  host: string,
  parts: StartedParts,
): Promise<number> {
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  const listening = await listen(server, port, host);
  parts.add(
    'API',
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), REQUEST_GRACE_MS).unref();
      }),
  );
  return listening;
}
