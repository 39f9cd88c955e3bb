/**
 * What the two commands read from the environment beside the app's configuration (src/config.ts): the
 * embedded engine's ports (ZEEBE_GATEWAY_PORT, ZEEBE_REST_PORT, ZEEBE_MANAGEMENT_PORT), for `npm start` also the browser origins
 * allowed to call the API (CORS_ORIGINS) and the version npm runs it as. Read here, once, so start-up code
 * (src/boot/) is handed values and reads no environment itself.
 */
import { corsOriginsFrom } from './app/cors-origins';
import { type Config, ConfigError, loadConfig } from './config';

type Env = Record<string, string | undefined>;

/** The embedded engine's ports (0: any free port). */
export interface EnginePorts {
  grpcPort: number;
  restPort: number;
  /** Zeebe's management port (health, Prometheus metrics); undefined: none */
  managementPort?: number;
}

/** Everything `npm run engine` reads. */
export interface EngineLaunchSettings {
  config: Config;
  ports: EnginePorts;
}

/** Everything `npm start` reads. */
export interface AppLaunchSettings extends EngineLaunchSettings {
  corsOrigins: string[];
  /** shown in the API's OpenAPI document (npm sets it for `npm start`) */
  version?: string;
}

/** An env port (0 allowed: any free port); an invalid value is a ConfigError naming the variable. */
export function portFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    throw new ConfigError([{ variable: name, message: 'must be a port number between 0 and 65535', value: raw }]);
  }
  return Number(raw);
}

export function enginePortsFrom(env: Env): EnginePorts {
  return {
    grpcPort: portFromEnv(env, 'ZEEBE_GATEWAY_PORT', 26500),
    restPort: portFromEnv(env, 'ZEEBE_REST_PORT', 8080),
  };
}

/** Zeebe's management port (actuator health, Prometheus metrics): 9600 as Zeebe's, 0 for any free port. */
export function managementPortFrom(env: Env): number {
  return portFromEnv(env, 'ZEEBE_MANAGEMENT_PORT', 9600);
}

/** The configuration first, so its problems are the ones told when both are wrong. */
export function loadEngineLaunchSettings(env: Env = process.env): EngineLaunchSettings {
  const config = loadConfig(env);
  return { config, ports: { ...enginePortsFrom(env), managementPort: managementPortFrom(env) } };
}

export function loadAppLaunchSettings(env: Env = process.env): AppLaunchSettings {
  return {
    ...loadEngineLaunchSettings(env),
    corsOrigins: corsOriginsFrom(env.CORS_ORIGINS),
    version: env.npm_package_version,
  };
}
