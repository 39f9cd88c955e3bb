/** What loadConfig refuses an environment for, as (variable, message) pairs; fails when it accepts it. */
import { ConfigError, loadConfig } from '../../src/config';

export function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(({ variable, message }) => ({ variable, message }));
  }
  throw new Error('loadConfig accepted an invalid environment');
}
