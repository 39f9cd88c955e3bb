/**
 * zbctl (Zeebe's Go CLI, from the npm `zbctl` package, whose binaries ship inside the tarball) against the
 * embedded engine's gRPC gateway: a second, independent Zeebe client besides the Node SDK. The platform's
 * binary is called directly (the npm wrapper checks the registry for updates on every run).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { describeWithEngine } from '../../support/describe-with-engine';
import { startEngine, type TestEngine } from '../../support/engine';

const run = promisify(execFile);
// the npm package ships one binary per platform; anywhere else the test fails, naming the platform
const BINARIES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'zbctl-cli.linux',
  darwin: 'zbctl-cli.darwin',
  win32: 'zbctl-cli.exe',
};
const binaryName = BINARIES[process.platform];
const binary = join(dirname(require.resolve('zbctl/package.json')), 'bin', binaryName ?? 'none');

describeWithEngine('zbctl against the gRPC gateway', () => {
  let cluster: TestEngine;
  let dir: string;
  const zbctl = async (...args: string[]) => {
    const address = new URL(cluster.grpcAddress);
    const { stdout } = await run(binary, ['--insecure', '--address', `${address.hostname}:${address.port}`, ...args], {
      timeout: 20_000,
    });
    return stdout;
  };

  beforeAll(async () => {
    if (!binaryName) throw new Error(`the zbctl npm package has no binary for ${process.platform}`);
    cluster = await startEngine();
    dir = mkdtempSync(join(tmpdir(), 'zbctl-'));
  });

  afterAll(async () => {
    await cluster?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('status shows the single broker and partition', async () => {
    const out = await zbctl('status');
    expect(out).toContain('Cluster size: 1');
    expect(out).toMatch(/Partition 1 : Leader, Healthy/);
  });

  test('deploy, create an instance, activate and complete its job', async () => {
    const file = join(dir, 'zbctl-process.bpmn');
    writeFileSync(
      file,
      bpmnXml({
        id: 'zbctl-process',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'zbctl-work')}<bpmn:endEvent id="end"/>`,
        flows: ['start -> work -> end'],
      }),
    );
    const deployed = JSON.parse(await zbctl('deploy', file));
    // zbctl 8.4 deploys through the deprecated DeployProcess RPC
    expect(deployed.processes[0]).toMatchObject({ bpmnProcessId: 'zbctl-process', version: 1 });

    const created = JSON.parse(await zbctl('create', 'instance', 'zbctl-process', '--variables', '{"from":"zbctl"}'));
    expect(String(created.processInstanceKey)).toMatch(/^\d+$/);

    const activated = JSON.parse(
      await zbctl('activate', 'jobs', 'zbctl-work', '--maxJobsToActivate', '1', '--requestTimeout', '5s'),
    );
    expect(activated.jobs).toHaveLength(1);
    expect(JSON.parse(activated.jobs[0].variables)).toEqual({ from: 'zbctl' });
    expect(String(activated.jobs[0].processInstanceKey)).toBe(String(created.processInstanceKey));

    await zbctl('complete', 'job', String(activated.jobs[0].key), '--variables', '{"done":true}');
    const again = await run(binary, [
      '--insecure',
      '--address',
      new URL(cluster.grpcAddress).host,
      'complete',
      'job',
      String(activated.jobs[0].key),
    ]).catch((e) => e);
    expect(again.stderr).toContain('NotFound');
  });
});
