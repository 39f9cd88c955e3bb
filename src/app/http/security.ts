/**
 * Security headers (helmet, with a Content-Security-Policy that lets the bundled Swagger UI and the bpmn-js
 * modeler run from this origin only) and CORS: same-origin by default; other origins only when listed
 * (CORS_ORIGINS, comma separated), and then with the Authorization header allowed for writes.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        // bpmn-js and Swagger UI set inline styles on their SVG/DOM nodes
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        // Baton is often reached over plain http (localhost, a LAN host): do not force https sub-requests
        'upgrade-insecure-requests': null,
      },
    },
    // the API is also called from other origins listed in CORS_ORIGINS
    crossOriginResourcePolicy: { policy: 'same-site' },
    // plain http on localhost is the common case; HSTS belongs to the TLS-terminating proxy
    strictTransportSecurity: false,
  });
}

export function corsPolicy(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && (allowed.has(origin) || allowed.has('*'))),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'If-Match'],
    exposedHeaders: ['Location', 'ETag'],
    maxAge: 600,
  });
}
