import path from 'node:path';
import { type ConfigError, loadConfig } from '../src/config';
import { problemsOf } from './support/config-problems';

describe('loadConfig', () => {
  it('has working defaults: embedded engine and PGlite under ./.data', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      apiKey: undefined,
      dataDir: './.data',
      databaseUrl: undefined,
      zeebeGrpcAddress: undefined,
      zeebeRestAddress: undefined,
      camundaAuthStrategy: undefined,
      logLevel: 'info',
      engineData: path.join('./.data', 'engine'),
      engineSnapshotEvery: 10_000,
      engineHistoryLimit: 10_000,
      engineDiskFreeMin: 64 * 1024 * 1024,
      requestLimits: {
        maxMessageSize: 4 * 1024 ** 2,
        multipartMaxFileSize: 4 * 1024 ** 2,
        multipartMaxRequestSize: 4 * 1024 ** 2,
        multipartMaxPartCount: 50,
      },
      engineFeelLimits: { maxItems: 1_000_000, maxMillis: 1000 },
      engineFlushIntervalMs: 0,
      embeddedEngine: true,
      camundaCredentials: {},
      outboxWebhookUrl: undefined,
      outboxPollIntervalMs: 500,
      engineSecurity: {
        host: '127.0.0.1',
        method: 'basic',
        unprotectedApi: true,
        allowUnprotectedExposure: false,
        corsOrigins: [],
        initialUser: { username: 'demo', password: 'demo', name: 'Demo', email: 'demo@demo.com' },
      },
    });
  });

  it("reads the engine's security settings under Camunda's names", () => {
    const config = loadConfig({
      ENGINE_HOST: '0.0.0.0',
      ENGINE_ALLOW_UNPROTECTED_EXPOSURE: 'TRUE',
      ENGINE_CORS_ORIGINS: 'https://a.example.com, http://localhost:5173/',
      CAMUNDA_SECURITY_AUTHENTICATION_METHOD: 'BASIC',
      CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME: 'ops',
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD: 'a-long-password',
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_NAME: 'Ops',
      CAMUNDA_SECURITY_INITIALIZATION_USERS_0_EMAIL: 'ops@example.com',
    });
    expect(config.engineSecurity).toEqual({
      host: '0.0.0.0',
      method: 'basic',
      unprotectedApi: false,
      allowUnprotectedExposure: true,
      corsOrigins: ['https://a.example.com', 'http://localhost:5173'],
      initialUser: { username: 'ops', password: 'a-long-password', name: 'Ops', email: 'ops@example.com' },
    });
  });

  it('names a wrong security setting', () => {
    expect(() => loadConfig({ CAMUNDA_SECURITY_AUTHENTICATION_METHOD: 'oidc' })).toThrow(
      /CAMUNDA_SECURITY_AUTHENTICATION_METHOD must be basic/,
    );
    expect(() => loadConfig({ CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'yes' })).toThrow(
      /CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI must be true or false/,
    );
    expect(() => loadConfig({ ENGINE_CORS_ORIGINS: 'evil' })).toThrow(/ENGINE_CORS_ORIGINS must list origins/);
    expect(() => loadConfig({ ENGINE_HOST: 'a b' })).toThrow(/ENGINE_HOST must be a host name/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8088',
      API_KEY: 'a-very-long-secret-key',
      DATA_DIR: '/var/lib/baton',
      DATABASE_URL: 'postgres://baton:pw@db:5432/baton',
      ZEEBE_GRPC_ADDRESS: 'grpc://camunda:26500',
      ZEEBE_REST_ADDRESS: 'http://camunda:8080',
      CAMUNDA_AUTH_STRATEGY: 'basic',
      CAMUNDA_BASIC_AUTH_USERNAME: 'demo',
      CAMUNDA_BASIC_AUTH_PASSWORD: 'demo-password',
      LOG_LEVEL: 'DEBUG',
      ENGINE_DATA: 'memory',
      OUTBOX_WEBHOOK_URL: 'https://hooks.example.com/baton/outbox',
      OUTBOX_POLL_INTERVAL_MS: '250',
      ENGINE_SNAPSHOT_EVERY: '0',
      ENGINE_HISTORY_LIMIT: '500',
      ENGINE_DISK_FREE_MIN: '2GB',
      ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE: '10MB',
      SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE: '2MB',
      SPRING_SERVLET_MULTIPART_MAX_REQUEST_SIZE: '10MB',
      SERVER_TOMCAT_MAX_PART_COUNT: '20',
      ENGINE_FEEL_MAX_ITEMS: '5000',
      ENGINE_FEEL_MAX_TIME_MS: '0',
      CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: 'PT0.5S',
    });
    // the engine's security settings have a test of their own above
    expect({ ...config, engineSecurity: undefined }).toEqual({
      port: 8088,
      apiKey: 'a-very-long-secret-key',
      dataDir: '/var/lib/baton',
      databaseUrl: 'postgres://baton:pw@db:5432/baton',
      zeebeGrpcAddress: 'grpc://camunda:26500',
      zeebeRestAddress: 'http://camunda:8080',
      camundaAuthStrategy: 'BASIC',
      logLevel: 'debug',
      engineData: 'memory',
      engineSnapshotEvery: 0,
      engineHistoryLimit: 500,
      engineDiskFreeMin: 2 * 1024 ** 3,
      requestLimits: {
        maxMessageSize: 10 * 1024 ** 2,
        multipartMaxFileSize: 2 * 1024 ** 2,
        multipartMaxRequestSize: 10 * 1024 ** 2,
        multipartMaxPartCount: 20,
      },
      engineFeelLimits: { maxItems: 5000, maxMillis: Number.POSITIVE_INFINITY },
      engineFlushIntervalMs: 500,
      embeddedEngine: false,
      camundaCredentials: { basicUsername: 'demo', basicPassword: 'demo-password' },
      outboxWebhookUrl: 'https://hooks.example.com/baton/outbox',
      outboxPollIntervalMs: 250,
    });
  });

  it.each([
    ['0', 0],
    ['1048576', 1024 ** 2],
    ['512MB', 512 * 1024 ** 2],
    ['1.5gb', 1.5 * 1024 ** 3],
    ['100 KB', 100 * 1024],
    ['2GiB', 2 * 1024 ** 3],
  ])('reads ENGINE_DISK_FREE_MIN %j as %d bytes', (given, bytes) => {
    expect(loadConfig({ ENGINE_DISK_FREE_MIN: given }).engineDiskFreeMin).toBe(bytes);
  });

  it.each([
    ['PT0S', 0],
    ['PT0.5S', 500],
    ['pt2s', 2000],
    ['PT1M', 60_000],
    ['500ms', 500],
  ])('reads CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL %j as %d ms', (given, ms) => {
    expect(loadConfig({ CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: given }).engineFlushIntervalMs).toBe(ms);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      logLevel: 'info',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT', 'must be a whole number'],
    [{ PORT: '70000' }, 'PORT', 'must be between 1 and 65535'],
    [{ PORT: '0' }, 'PORT', 'must be between 1 and 65535'],
    [{ DATABASE_URL: 'mysql://db/baton' }, 'DATABASE_URL', 'must be a postgres:// or postgresql:// URL'],
    [{ ZEEBE_GRPC_ADDRESS: 'localhost' }, 'ZEEBE_GRPC_ADDRESS', 'must be host:port'],
    [
      { ZEEBE_GRPC_ADDRESS: 'localhost:26500', ZEEBE_REST_ADDRESS: 'camunda:8080' },
      'ZEEBE_REST_ADDRESS',
      'must be an http:// or https:// URL',
    ],
    [
      { CAMUNDA_AUTH_STRATEGY: 'kerberos' },
      'CAMUNDA_AUTH_STRATEGY',
      'must be one of NONE, OAUTH, BASIC (what both the Camunda SDK and its REST client support)',
    ],
    [{ SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE: 'big' }, 'SPRING_SERVLET_MULTIPART_MAX_FILE_SIZE', 'must be a size'],
    [{ ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE: '12' }, 'ZEEBE_BROKER_NETWORK_MAXMESSAGESIZE', 'at least 1KB'],
    [{ SERVER_TOMCAT_MAX_PART_COUNT: '0' }, 'SERVER_TOMCAT_MAX_PART_COUNT', 'at least 1'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ API_KEY: 'short' }, 'API_KEY', 'must be at least 16 characters long'],
    [{ ZEEBE_REST_ADDRESS: 'http://camunda:8080' }, 'ZEEBE_GRPC_ADDRESS', 'must be set when ZEEBE_REST_ADDRESS is set'],
    [{ OUTBOX_WEBHOOK_URL: 'hooks.example.com/outbox' }, 'OUTBOX_WEBHOOK_URL', 'must be an http:// or https:// URL'],
    [{ OUTBOX_WEBHOOK_URL: 'ftp://hooks.example.com/x' }, 'OUTBOX_WEBHOOK_URL', 'must be an http:// or https:// URL'],
    [{ OUTBOX_POLL_INTERVAL_MS: 'often' }, 'OUTBOX_POLL_INTERVAL_MS', 'must be a whole number of milliseconds'],
    [{ OUTBOX_POLL_INTERVAL_MS: '0' }, 'OUTBOX_POLL_INTERVAL_MS', 'must be between 10 and 60000 milliseconds'],
    [{ ENGINE_SNAPSHOT_EVERY: 'hourly' }, 'ENGINE_SNAPSHOT_EVERY', 'must be a whole number of journal records'],
    [{ ENGINE_SNAPSHOT_EVERY: '-1' }, 'ENGINE_SNAPSHOT_EVERY', 'must be a whole number of journal records'],
    [{ ENGINE_HISTORY_LIMIT: 'all' }, 'ENGINE_HISTORY_LIMIT', 'must be a whole number of ended process instances'],
    [{ ENGINE_HISTORY_LIMIT: '0' }, 'ENGINE_HISTORY_LIMIT', 'at least 1'],
    [{ ENGINE_FEEL_MAX_ITEMS: '1e6' }, 'ENGINE_FEEL_MAX_ITEMS', 'must be a whole number of items'],
    [{ ENGINE_FEEL_MAX_TIME_MS: '1s' }, 'ENGINE_FEEL_MAX_TIME_MS', 'must be a whole number of milliseconds'],
    [{ ENGINE_HISTORY_LIMIT: '2.5' }, 'ENGINE_HISTORY_LIMIT', 'must be a whole number of ended process instances'],
    [{ ENGINE_DISK_FREE_MIN: 'plenty' }, 'ENGINE_DISK_FREE_MIN', 'must be a size such as 64MB, 2GB or 0'],
    [{ ENGINE_DISK_FREE_MIN: '-5MB' }, 'ENGINE_DISK_FREE_MIN', 'must be a size such as 64MB, 2GB or 0'],
    [{ ENGINE_DISK_FREE_MIN: '2 PB' }, 'ENGINE_DISK_FREE_MIN', 'must be a size such as 64MB, 2GB or 0'],
    ...['P1M', 'PT-1S', '5 s', 'half a second'].map(
      (value) =>
        [
          { CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: value },
          'CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL',
          'must be a duration such as PT0.5S',
        ] as [Record<string, string>, string, string],
    ),
  ])('names the wrong variable and why: %j', (env, variable, why) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0].variable).toBe(variable);
    expect(problems[0].message).toContain(why);
  });

  it('reports every wrong variable at once, with the given value but never a secret', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', API_KEY: 'short-secret', DATABASE_URL: 'mysql://u:secret@db' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.variable).sort()).toEqual(['API_KEY', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(error?.message).toContain('PORT must be a whole number (got "x")');
    expect(error?.message).toContain('LOG_LEVEL must be one of');
    expect(error?.message).not.toContain('short-secret');
    expect(error?.message).not.toContain('u:secret');
  });

  it('never echoes a webhook URL, which often carries its token', () => {
    const error = (() => {
      try {
        loadConfig({ OUTBOX_WEBHOOK_URL: 'hooks.example.com/T0KEN-123' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.message).toContain('OUTBOX_WEBHOOK_URL must be an http:// or https:// URL');
    expect(error?.message).not.toContain('T0KEN-123');
  });
});
