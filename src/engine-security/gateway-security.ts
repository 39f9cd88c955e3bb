/**
 * What the engine's gateways need to guard their ports (startEngineServices hands it to both): whether the
 * API is protected, the users, and one authenticator shared by REST and gRPC. `engineGatewaySecurity` also
 * creates the initial user as Camunda's initialization does: when no user with that username exists yet
 * (a changed setting never rewrites an existing user; Camunda checks only the id).
 */
import type { Logger } from 'pino';
import { AccessTokens } from './access-tokens';
import { BasicAuthenticator } from './basic-authenticator';
import { hashPassword } from './password-hash';
import type { EngineSecurity } from './security-settings';
import type { UserDirectory } from './user-directory';

export interface GatewaySecurity {
  /** true: requests need no credentials, and credentials sent are not looked at (Camunda's unprotected-api) */
  unprotectedApi: boolean;
  users: UserDirectory;
  authenticator: BasicAuthenticator;
  /** bearer tokens of the engine's token endpoint (token-endpoint.ts) */
  tokens: AccessTokens;
}

export async function engineGatewaySecurity(
  users: UserDirectory,
  settings: Pick<EngineSecurity, 'unprotectedApi' | 'initialUser'>,
  logger: Logger,
): Promise<GatewaySecurity> {
  const initial = settings.initialUser;
  if (!users.getUser(initial.username)) {
    const passwordHash = await hashPassword(initial.password);
    try {
      users.createUser({ username: initial.username, name: initial.name, email: initial.email, passwordHash });
      await users.durable();
      logger.info({ username: initial.username }, 'created the initial user');
    } catch (err) {
      // an engine that takes no commands (full disk, failed journal) says so itself at start-up; the user
      // is created at the first start that can
      logger.warn({ err, username: initial.username }, 'the initial user could not be created now');
    }
  }
  const tokens = new AccessTokens();
  return {
    unprotectedApi: settings.unprotectedApi,
    users,
    tokens,
    authenticator: new BasicAuthenticator(users, tokens),
  };
}
