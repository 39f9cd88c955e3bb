/**
 * Refuses writes a web page of another origin sends to the engine's REST port. A page can POST text/plain or
 * multipart/form-data anywhere without a preflight, so CORS alone does not stop "any page the developer visits
 * resets the clock or deploys a model" — and Basic credentials a browser remembers would ride along too.
 * Browsers mark such requests: every non-GET carries Origin, and Sec-Fetch-Site says where it came from.
 * Clients that are not browsers (the SDK, zbctl, curl) send neither and are unaffected.
 *
 * The engine's own origin is its address on this machine (a loopback name, ENGINE_HOST or an IP address it
 * answers on, at the port the request came to), not whatever name the Host header says: a name an attacker
 * rebinds to 127.0.0.1 makes the page and the Host header agree, but is neither. A browser UI on another
 * origin (or behind a proxy under another name) is allowed by listing it in ENGINE_CORS_ORIGINS.
 */
import { isIP } from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import { isLoopback } from './security-settings';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CrossOriginWriteOptions {
  /** the interface the port listens on (ENGINE_HOST) */
  host: string;
  /** ENGINE_CORS_ORIGINS */
  corsOrigins: readonly string[];
  /** answers the refusal (the gateway's problem+json) */
  refuse: (req: Request, res: Response, detail: string) => void;
}

export function refuseCrossOriginWrites(options: CrossOriginWriteOptions): RequestHandler {
  const listed = new Set(options.corsOrigins);
  const engineHost = options.host.replace(/^\[|\]$/g, '').toLowerCase();
  const isOwnOrigin = (origin: string, req: Request): boolean => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // 'null' (sandboxed frames, file: pages) and anything unparsable
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (port !== String(req.socket.localPort)) return false;
    // an IP address cannot be rebound: a page served from one the engine answers on is its own
    return isLoopback(hostname) || hostname === engineHost || (isIP(hostname) !== 0 && url.host === req.headers.host);
  };
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (listed.has(origin) || isOwnOrigin(origin, req)) return next();
      return options.refuse(
        req,
        res,
        `Cross-origin request refused: a web page at ${origin} may not send ${req.method} to the engine; ` +
          'list the origin in ENGINE_CORS_ORIGINS to allow it',
      );
    }
    const site = req.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') {
      return options.refuse(
        req,
        res,
        `Cross-origin request refused: a ${site} web page may not send ${req.method} to the engine; ` +
          'list its origin in ENGINE_CORS_ORIGINS to allow it',
      );
    }
    next();
  };
}
