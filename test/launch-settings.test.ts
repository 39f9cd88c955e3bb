/**
 * What the two commands read beside loadConfig (src/launch-settings.ts): the embedded engine's ports, and for
 * `npm start` the API's browser origins and its version. Every invalid value names its variable.
 */
import { ConfigError } from '../src/config';
import { enginePortsFrom, loadAppLaunchSettings, loadEngineLaunchSettings, portFromEnv } from '../src/launch-settings';

describe('launch settings', () => {
  test('the engine’s ports default to Zeebe’s 26500 and 8080; 0 asks for any free port', () => {
    expect(enginePortsFrom({})).toEqual({ grpcPort: 26500, restPort: 8080 });
    expect(enginePortsFrom({ ZEEBE_GATEWAY_PORT: '0', ZEEBE_REST_PORT: ' 9090 ' })).toEqual({
      grpcPort: 0,
      restPort: 9090,
    });
    expect(portFromEnv({ ZEEBE_REST_PORT: '' }, 'ZEEBE_REST_PORT', 8080)).toBe(8080);
  });

  test.each(['x', '65536', '-1', '1e3', '80.5'])('a port of %j is a ConfigError naming the variable', (raw) => {
    const read = () => enginePortsFrom({ ZEEBE_GATEWAY_PORT: raw });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      `Invalid configuration: ZEEBE_GATEWAY_PORT must be a port number between 0 and 65535 (got "${raw}")`,
    );
  });

  test('the configuration is read first: its problems are the ones told when both are wrong', () => {
    expect(() => loadEngineLaunchSettings({ LOG_LEVEL: 'loud', ZEEBE_REST_PORT: 'x' })).toThrow(/LOG_LEVEL/);
  });

  test('npm start also reads CORS_ORIGINS and the version npm runs it as', () => {
    const settings = loadAppLaunchSettings({
      DATA_DIR: '/tmp/baton',
      CORS_ORIGINS: 'https://app.example.com/, http://localhost:5173',
      npm_package_version: '1.2.3',
    });
    expect(settings).toMatchObject({
      config: { dataDir: '/tmp/baton' },
      ports: { grpcPort: 26500, restPort: 8080 },
      corsOrigins: ['https://app.example.com', 'http://localhost:5173'],
      version: '1.2.3',
    });
    expect(() => loadAppLaunchSettings({ CORS_ORIGINS: 'evil' })).toThrow(
      'Invalid configuration: CORS_ORIGINS must list origins like https://app.example.com (got "evil")',
    );
  });
});
