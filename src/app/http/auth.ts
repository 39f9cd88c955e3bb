/**
 * Write endpoints (POST, PUT, PATCH, DELETE under /api) need `Authorization: Bearer <API key>`; reads are
 * open. Keys are compared in constant time (over their SHA-256 digests, so the length leaks nothing either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendProblem } from './error-handler';
import { HttpProblem } from './problem';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function requireApiKeyForWrites(apiKey: string): RequestHandler {
  const expected = digest(apiKey);
  const challenge = { 'WWW-Authenticate': 'Bearer realm="baton"' };
  return (req, res, next) => {
    if (!WRITES.has(req.method)) {
      next();
      return;
    }
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      sendProblem(
        req,
        res,
        new HttpProblem(
          401,
          'This endpoint changes data: send the API key as "Authorization: Bearer <key>"',
          {},
          challenge,
        ),
      );
      return;
    }
    if (!timingSafeEqual(digest(match[1]), expected)) {
      sendProblem(
        req,
        res,
        new HttpProblem(
          401,
          'The API key is not valid',
          {},
          {
            'WWW-Authenticate': 'Bearer realm="baton", error="invalid_token"',
          },
        ),
      );
      return;
    }
    next();
  };
}
