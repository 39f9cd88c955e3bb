/** loadConfig for an external cluster: its credentials, the auth strategies both clients support, its addresses. */
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { ConfigError, loadConfig, restCredentialSettings, sdkCredentialSettings } from '../src/config';
import { problemsOf } from './support/config-problems';

describe('loadConfig for an external cluster', () => {
  describe('credentials for an external cluster', () => {
    const cluster = {
      ZEEBE_GRPC_ADDRESS: 'grpcs://abc.bru-2.zeebe.camunda.io:443',
      ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc',
    };
    const saas = {
      ...cluster,
      ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/abc',
      CAMUNDA_AUTH_STRATEGY: 'OAUTH',
      CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
    };

    it('names each credential OAUTH needs when it is missing', () => {
      expect(problemsOf({ ...cluster, CAMUNDA_AUTH_STRATEGY: 'OAUTH' })).toEqual([
        {
          variable: 'ZEEBE_CLIENT_ID (or CAMUNDA_CLIENT_ID)',
          message: 'must be set when CAMUNDA_AUTH_STRATEGY is OAUTH',
        },
        {
          variable: 'ZEEBE_CLIENT_SECRET (or CAMUNDA_CLIENT_SECRET)',
          message: 'must be set when CAMUNDA_AUTH_STRATEGY is OAUTH',
        },
        { variable: 'CAMUNDA_OAUTH_URL', message: 'must be set when CAMUNDA_AUTH_STRATEGY is OAUTH' },
      ]);
    });

    it.each([['BASIC', ['CAMUNDA_BASIC_AUTH_USERNAME', 'CAMUNDA_BASIC_AUTH_PASSWORD']]])(
      'names what %s needs',
      (strategy, variables) => {
        expect(problemsOf({ ...cluster, CAMUNDA_AUTH_STRATEGY: strategy }).map((p) => p.variable)).toEqual(variables);
      },
    );

    it('hands either spelling of the client credentials to both clients', () => {
      for (const spelling of ['ZEEBE', 'CAMUNDA']) {
        const config = loadConfig({
          ...saas,
          [`${spelling}_CLIENT_ID`]: 'client-id',
          [`${spelling}_CLIENT_SECRET`]: 'client-secret',
          [`${spelling}_TOKEN_AUDIENCE`]: 'zeebe.camunda.io',
        });
        const credentials = config.camundaCredentials ?? {};
        expect(sdkCredentialSettings(credentials)).toEqual({
          ZEEBE_CLIENT_ID: 'client-id',
          ZEEBE_CLIENT_SECRET: 'client-secret',
          CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
          ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
        });
        expect(restCredentialSettings(credentials)).toEqual({
          CAMUNDA_CLIENT_ID: 'client-id',
          CAMUNDA_CLIENT_SECRET: 'client-secret',
          CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
          CAMUNDA_TOKEN_AUDIENCE: 'zeebe.camunda.io',
        });
      }
    });

    it('refuses two different client ids, and never echoes a secret', () => {
      let error: ConfigError | undefined;
      try {
        loadConfig({
          ...saas,
          ZEEBE_CLIENT_ID: 'one',
          CAMUNDA_CLIENT_ID: 'two',
          ZEEBE_CLIENT_SECRET: 'top-secret-1',
          CAMUNDA_CLIENT_SECRET: 'top-secret-2',
          CAMUNDA_OAUTH_URL: 'login.cloud.camunda.io',
        });
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error?.problems.map((p) => p.variable)).toEqual(['CAMUNDA_OAUTH_URL']);
      expect(error?.message).toContain('CAMUNDA_OAUTH_URL must be an http:// or https:// URL');
      expect(
        problemsOf({
          ...saas,
          ZEEBE_CLIENT_ID: 'one',
          CAMUNDA_CLIENT_ID: 'two',
          ZEEBE_CLIENT_SECRET: 'top-secret-1',
          CAMUNDA_CLIENT_SECRET: 'top-secret-2',
        }),
      ).toEqual([
        {
          variable: 'CAMUNDA_CLIENT_ID',
          message: 'differs from ZEEBE_CLIENT_ID: set one of them, or both to the same value',
        },
        {
          variable: 'CAMUNDA_CLIENT_SECRET',
          message: 'differs from ZEEBE_CLIENT_SECRET: set one of them, or both to the same value',
        },
      ]);
      const conflict = () =>
        loadConfig({
          ...saas,
          ZEEBE_CLIENT_ID: 'one',
          ZEEBE_CLIENT_SECRET: 's1',
          CAMUNDA_CLIENT_SECRET: 'top-secret-2',
        });
      expect(conflict).toThrow(ConfigError);
      expect(conflict).not.toThrow(/s1|top-secret/);
    });

    it('ignores cluster credentials for the embedded engine', () => {
      expect(loadConfig({ CAMUNDA_AUTH_STRATEGY: 'OAUTH' })).toMatchObject({
        embeddedEngine: true,
        camundaCredentials: {},
      });
    });
  });

  describe('auth strategies: exactly what both clients support', () => {
    // @camunda8/sdk's CAMUNDA_AUTH_STRATEGY choices (dist/lib/Configuration.js); the REST client is asked below
    const SDK_STRATEGIES = ['BASIC', 'OAUTH', 'BEARER', 'COOKIE', 'NONE'];
    const credentials = {
      ZEEBE_CLIENT_ID: 'client-id',
      ZEEBE_CLIENT_SECRET: 'client-secret',
      CAMUNDA_OAUTH_URL: 'http://127.0.0.1:1/token',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-password',
    };

    function restClientTakes(strategy: string): boolean {
      try {
        createCamundaClientLoose({
          config: {
            CAMUNDA_REST_ADDRESS: 'http://127.0.0.1:1',
            CAMUNDA_AUTH_STRATEGY: strategy,
            CAMUNDA_CLIENT_ID: 'client-id',
            CAMUNDA_CLIENT_SECRET: 'client-secret',
            CAMUNDA_OAUTH_URL: 'http://127.0.0.1:1/token',
            CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
            CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-password',
          },
        } as never);
        return true;
      } catch {
        return false;
      }
    }

    it.each(SDK_STRATEGIES)('%s is accepted at load exactly when the REST client takes it too', (strategy) => {
      const env = { ZEEBE_GRPC_ADDRESS: 'localhost:26500', CAMUNDA_AUTH_STRATEGY: strategy, ...credentials };
      if (restClientTakes(strategy)) {
        expect(loadConfig(env).camundaAuthStrategy).toBe(strategy);
      } else {
        expect(problemsOf(env)).toEqual([
          {
            variable: 'CAMUNDA_AUTH_STRATEGY',
            message: 'must be one of NONE, OAUTH, BASIC (what both the Camunda SDK and its REST client support)',
          },
        ]);
      }
    });

    it('refuses BEARER and COOKIE, which the REST client does not support', () => {
      for (const strategy of ['BEARER', 'cookie']) {
        expect(() => loadConfig({ ZEEBE_GRPC_ADDRESS: 'localhost:26500', CAMUNDA_AUTH_STRATEGY: strategy })).toThrow(
          `CAMUNDA_AUTH_STRATEGY must be one of NONE, OAUTH, BASIC (what both the Camunda SDK and its REST client support) (got "${strategy}")`,
        );
      }
    });
  });

  describe("a cluster's REST address", () => {
    it.each([
      ['http://localhost:8080/v2', 'http://localhost:8080'],
      ['http://localhost:8080/v2/', 'http://localhost:8080'],
      ['http://localhost:8080/', 'http://localhost:8080'],
      ['http://localhost:8080//', 'http://localhost:8080'],
      ['https://bru-2.zeebe.camunda.io/abc/v2', 'https://bru-2.zeebe.camunda.io/abc'],
      ['https://bru-2.zeebe.camunda.io/abc', 'https://bru-2.zeebe.camunda.io/abc'],
      ['http://gateway/v2x', 'http://gateway/v2x'],
    ])('reads ZEEBE_REST_ADDRESS %s as %s', (given, address) => {
      expect(loadConfig({ ZEEBE_GRPC_ADDRESS: 'localhost:26500', ZEEBE_REST_ADDRESS: given }).zeebeRestAddress).toBe(
        address,
      );
    });

    it.each([
      ['localhost:26500', 'http://localhost:8080'],
      ['grpc://localhost:26500', 'http://localhost:8080'],
      ['grpc://camunda:26500', 'http://camunda:8080'],
      ['grpc://[::1]:26500', 'http://[::1]:8080'],
    ])("derives it beside a plain-text gateway: %s → %s (Camunda's port 8080)", (grpc, rest) => {
      expect(loadConfig({ ZEEBE_GRPC_ADDRESS: grpc }).zeebeRestAddress).toBe(rest);
    });

    it.each([
      'grpcs://abc.bru-2.zeebe.camunda.io:443',
      'abc.bru-2.zeebe.camunda.io:443',
      'grpcs://zeebe.example.com:26500',
    ])('names ZEEBE_REST_ADDRESS as required beside the TLS gateway %s', (grpc) => {
      expect(problemsOf({ ZEEBE_GRPC_ADDRESS: grpc })).toEqual([
        {
          variable: 'ZEEBE_REST_ADDRESS',
          message:
            'must be set when ZEEBE_GRPC_ADDRESS uses TLS (grpcs:// or port 443): only a plain-text gateway has REST on port 8080 of the same host',
        },
      ]);
    });
  });
});
