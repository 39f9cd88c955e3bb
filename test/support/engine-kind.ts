/** Which cluster a test run asks for; read by startEngine(), describeWithEngine and globalSetup alike. */
export type EngineKind = 'external' | 'container' | 'embedded';

/** The order startEngine() follows: an external cluster, else a container when asked, else embedded. */
export function engineKind(env: NodeJS.ProcessEnv = process.env): EngineKind {
  if (env.ZEEBE_GRPC_ADDRESS) return 'external';
  if (env.TEST_ENGINE === 'container') return 'container';
  return 'embedded';
}
