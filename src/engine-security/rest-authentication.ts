/**
 * Authentication on the engine's REST port, as Camunda's API filter chain with basic authentication: with a
 * protected API every `/v2` path but the public ones needs the `Authorization: Basic` of a user, else 401
 * problem+json in Spring Security's words and without `WWW-Authenticate` (Camunda leaves it out so browsers
 * do not prompt). Runs before the body is read, so a refused request changes nothing.
 */
import type { RequestHandler, Response } from 'express';
import { sendProblem } from '../gateway/rest/problem';
import type { GatewaySecurity } from './gateway-security';
import type { UserView } from './user-store';

/** Camunda's UNPROTECTED_API_PATHS under /v2 */
const PUBLIC_PATHS = new Set(['/license', '/setup/user', '/status']);

export function requireAuthentication(security: GatewaySecurity): RequestHandler {
  return (req, res, next) => {
    if (security.unprotectedApi || PUBLIC_PATHS.has(req.path)) return next();
    const instance = req.originalUrl.split('?')[0];
    security.authenticator.authenticate(req.headers.authorization).then(
      (outcome) => {
        if ('user' in outcome) {
          res.locals.authenticatedUser = outcome.user;
          return next();
        }
        const { busy, rest } = outcome.failure;
        if (busy) sendProblem(res, 503, 'RESOURCE_EXHAUSTED', rest, instance);
        else sendProblem(res, 401, 'Unauthorized', rest, instance);
      },
      // (a check that fails is a refusal, and no stack leaves the gateway)
      () => sendProblem(res, 401, 'Unauthorized', 'Failed to authenticate', instance),
    );
  };
}

/** The user the request authenticated as; undefined with an unprotected API. */
export function authenticatedUser(res: Response): UserView | undefined {
  return res.locals.authenticatedUser as UserView | undefined;
}
