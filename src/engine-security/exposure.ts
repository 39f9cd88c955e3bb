/**
 * Whether the embedded engine may listen where ENGINE_HOST says. On loopback only this machine reaches it, so
 * Camunda 8 Run's defaults (an unprotected API, first user demo/demo) are fine. Anywhere else an unprotected API
 * lets anyone who can reach the port deploy, complete jobs and move the clock, and "demo" is the first password
 * anyone tries: both refuse to start unless ENGINE_ALLOW_UNPROTECTED_EXPOSURE=true says the risk is taken
 * knowingly. Checked while the configuration is read, so nothing has been opened or written yet.
 */
import type { ConfigProblem } from '../config';
import { type EngineSecurity, isLoopback } from './security-settings';

/** Camunda 8 Run's first user's password, and the engine's default. */
const DEFAULT_PASSWORD = 'demo';

export function exposureProblems(
  security: EngineSecurity,
  options: { embeddedEngine: boolean; legacyHost?: string },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const legacyHost = options.legacyHost?.trim();
  if (legacyHost && legacyHost !== security.host) {
    // a stale ZEEBE_GATEWAY_HOST=0.0.0.0 would otherwise be dropped silently
    problems.push({
      variable: 'ZEEBE_GATEWAY_HOST',
      message: `is no longer read: set ENGINE_HOST=${legacyHost} instead (it sets where both engine ports listen)`,
    });
  }
  if (!options.embeddedEngine || isLoopback(security.host) || security.allowUnprotectedExposure) return problems;
  const where = `is ${security.host}, not a loopback address, so the engine's ports are open to the network`;
  const orElse = 'or ENGINE_HOST=127.0.0.1, or ENGINE_ALLOW_UNPROTECTED_EXPOSURE=true to expose it anyway';
  if (security.unprotectedApi) {
    problems.push({
      variable: 'ENGINE_HOST',
      message:
        `${where}, and its API is unprotected: anyone who reaches it could deploy, complete jobs and reset the ` +
        'clock. Set CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI=false with your own ' +
        `CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD, ${orElse}`,
    });
  } else if (security.initialUser.password === DEFAULT_PASSWORD) {
    problems.push({
      variable: 'ENGINE_HOST',
      message:
        `${where}, and its first user still has the default password. ` +
        `Set CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD to a password of your own, ${orElse}`,
    });
  }
  return problems;
}
