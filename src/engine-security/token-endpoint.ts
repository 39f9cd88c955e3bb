/**
 * `POST /oauth/token` on the engine's REST port: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for the
 * engine's own users, the username as client id and the password as client secret. It exists for Zeebe clients
 * that speak only OAuth, like zbctl (`--clientId`, `--clientSecret`, `--authzUrl …/oauth/token`); the token it
 * issues is then accepted as `Bearer` on both ports (access-tokens.ts). Camunda has no such endpoint: it
 * leaves OAuth to an identity provider.
 */
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { AccessTokens } from './access-tokens';
import { type BasicAuthenticator, VerificationsBusyError } from './basic-authenticator';
import type { UserDirectory } from './user-directory';

/** a token request is a few short fields */
const MAX_BODY = '8kb';

function oauthError(res: Response, status: number, error: string, description: string) {
  res.status(status).set('cache-control', 'no-store').json({ error, error_description: description });
}

/** RFC 6749 §2.3.1 form-encodes both parts of client_secret_basic; a value that is not encoded is taken as it is */
function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** client_id/client_secret from the body, or from `Authorization: Basic` (client_secret_basic) */
function clientCredentials(req: Request): { id?: string; secret?: string } {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const header = req.headers.authorization;
  if (header && /^Basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      return { id: formDecoded(decoded.slice(0, colon)), secret: formDecoded(decoded.slice(colon + 1)) };
    }
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { id: text(body.client_id), secret: text(body.client_secret) };
}

export function tokenEndpoint(
  authenticator: BasicAuthenticator,
  tokens: AccessTokens,
  users: Pick<UserDirectory, 'userPasswordHash'>,
): Router {
  const router = Router();
  router.post(
    '/oauth/token',
    express.urlencoded({ extended: false, limit: MAX_BODY }),
    express.json({ limit: MAX_BODY }),
    async (req, res) => {
      const grant = (req.body as Record<string, unknown> | undefined)?.grant_type;
      if (grant !== 'client_credentials') {
        return oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
      }
      const { id, secret } = clientCredentials(req);
      if (!id || secret === undefined) {
        return oauthError(res, 400, 'invalid_request', 'client_id and client_secret are required');
      }
      let user: Awaited<ReturnType<BasicAuthenticator['checkCredentials']>>;
      try {
        user = await authenticator.checkCredentials(id, secret);
      } catch (err) {
        if (!(err instanceof VerificationsBusyError)) throw err;
        return oauthError(res, 503, 'temporarily_unavailable', err.message);
      }
      const hash = user && users.userPasswordHash(user.username);
      if (!user || !hash) return oauthError(res, 401, 'invalid_client', 'Bad credentials');
      const issued = tokens.issue(user.username, hash);
      res
        .set('cache-control', 'no-store')
        .json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn });
    },
  );
  // body-parser's errors (malformed, too large) as OAuth errors, never a stack
  router.use('/oauth/token', (err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 400;
    oauthError(res, status, 'invalid_request', 'The request body could not be read');
  });
  return router;
}
