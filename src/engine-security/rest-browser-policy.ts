/**
 * What browsers may do with the engine's REST port: the app's security headers (src/app/http/security.ts) with
 * the CSP of a JSON API — nothing it serves, deployed XML included, may load or run anything or be framed — and
 * CORS only for the origins ENGINE_CORS_ORIGINS lists (none by default, as Camunda's REST API has none).
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function engineRestHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] },
    },
    // as the app: another site's page may not embed the answers; the app on another port of this host may
    crossOriginResourcePolicy: { policy: 'same-site' },
    // HSTS belongs to the TLS-terminating proxy in front of an exposed engine
    strictTransportSecurity: false,
  });
}

/** undefined when no origin is listed: then no CORS header is ever sent and browsers keep to the same origin. */
export function engineRestCors(allowedOrigins: readonly string[]): RequestHandler | undefined {
  if (allowedOrigins.length === 0) return undefined;
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // Basic credentials go in Authorization, set by the calling page (no cookies: credentials mode stays off)
    allowedHeaders: ['Content-Type', 'Authorization'],
    exposedHeaders: ['Location'],
    maxAge: 600,
  });
}
