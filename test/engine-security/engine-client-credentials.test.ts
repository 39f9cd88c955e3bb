/**
 * Which credentials `npm start`'s own clients present to the embedded engine: none while its API is
 * unprotected; with a protected API the first configured user's, or CAMUNDA_BASIC_AUTH_USERNAME/PASSWORD when
 * both are set (a user whose password was changed through /v2/users, or another user).
 */
import { loadConfig } from '../../src/config';
import { engineClientCredentials } from '../../src/engine-security/engine-client-credentials';

const credentialsFor = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return engineClientCredentials(config.engineSecurity, config.camundaCredentials);
};

test('unprotected: no credentials, whatever is set', () => {
  expect(credentialsFor({ CAMUNDA_BASIC_AUTH_USERNAME: 'u', CAMUNDA_BASIC_AUTH_PASSWORD: 'p' })).toEqual({
    authStrategy: 'NONE',
    credentials: {},
  });
});

test('protected: the first user, or the basic-auth user when both of its settings are given', () => {
  const protectedApi = { CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false' };
  expect(credentialsFor({ ...protectedApi, CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: 'first-pw' })).toEqual({
    authStrategy: 'BASIC',
    credentials: { CAMUNDA_BASIC_AUTH_USERNAME: 'demo', CAMUNDA_BASIC_AUTH_PASSWORD: 'first-pw' },
  });
  expect(
    credentialsFor({ ...protectedApi, CAMUNDA_BASIC_AUTH_USERNAME: 'ops', CAMUNDA_BASIC_AUTH_PASSWORD: 'ops-pw' }),
  ).toEqual({
    authStrategy: 'BASIC',
    credentials: { CAMUNDA_BASIC_AUTH_USERNAME: 'ops', CAMUNDA_BASIC_AUTH_PASSWORD: 'ops-pw' },
  });
  // one of the two is not enough to replace the first user
  expect(credentialsFor({ ...protectedApi, CAMUNDA_BASIC_AUTH_USERNAME: 'ops' }).credentials).toEqual({
    CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
    CAMUNDA_BASIC_AUTH_PASSWORD: 'demo',
  });
});
