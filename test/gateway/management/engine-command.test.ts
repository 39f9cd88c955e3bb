/**
 * `npm run engine` (src/engine-main.ts) opens the management port beside its gateways, on ENGINE_HOST, and
 * says where; ZEEBE_MANAGEMENT_PORT moves it (0: any free port).
 */
import path from 'node:path';
import { envWithoutAppSettings } from '../../app/app-harness';
import { type StartedChild, spawnNode, waitWhileRunning } from '../../support/child-process';

describe('npm run engine: the management port', () => {
  let started: StartedChild | undefined;
  afterAll(() => {
    if (started?.child.exitCode === null) started.child.kill('SIGKILL');
  });

  test('answers health and metrics at the address it prints', async () => {
    const child = spawnNode(['--import', 'tsx', path.join('src', 'engine-main.ts')], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'warn',
      ENGINE_DATA: 'memory',
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      ZEEBE_MANAGEMENT_PORT: '0',
    });
    started = child;
    await waitWhileRunning(child, () => child.stdout().includes('Management:'), 'the engine start', 30_000);
    const address = /Management: +(http:\/\/127\.0\.0\.1:\d+)\/actuator\/health/.exec(child.stdout())?.[1];
    expect(address).toBeDefined();
    const health = await fetch(`${address}/actuator/health/readiness`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'UP' }]);
    const metrics = await (await fetch(`${address}/actuator/prometheus`)).text();
    expect(metrics).toContain('# TYPE zeebe_element_instance_events_total counter');
  });
});
