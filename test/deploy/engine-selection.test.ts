/**
 * Which engine the fixture picks (test/support/engine.ts) and when suites skip (describe-with-engine.ts):
 * an external cluster when ZEEBE_GRPC_ADDRESS is set, a container when TEST_ENGINE=container, else the
 * embedded engine; a container asked for without a runtime skips with a reason instead of failing.
 */
import { existsSync } from 'node:fs';
import { probeContainerRuntime } from '../support/container-runtime';
import { engineKind, engineSkipReason } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';

const MINIMAL_PROCESS =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="external-check" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>';

describe('engine selection', () => {
  it.each([
    [{}, 'embedded'],
    [{ TEST_ENGINE: 'container' }, 'container'],
    [{ ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500' }, 'external'],
    [{ ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500', TEST_ENGINE: 'container' }, 'external'],
    [{ TEST_ENGINE: 'embedded' }, 'embedded'],
  ])('%j chooses the %s engine', (env, kind) => {
    expect(engineKind(env)).toBe(kind);
  });

  it('skips only a container run without a runtime, and names why', () => {
    const unavailable = jest.fn(() => ({ available: false, reason: 'no /var/run/docker.sock' }));
    expect(engineSkipReason({ TEST_ENGINE: 'container' }, unavailable)).toBe(
      'TEST_ENGINE=container but no container runtime: no /var/run/docker.sock',
    );
    expect(engineSkipReason({ TEST_ENGINE: 'container' }, () => ({ available: true }))).toBeUndefined();
    unavailable.mockClear();
    expect(engineSkipReason({}, unavailable)).toBeUndefined();
    expect(
      engineSkipReason({ ZEEBE_GRPC_ADDRESS: 'localhost:26500', TEST_ENGINE: 'container' }, unavailable),
    ).toBeUndefined();
    // the probe (a child process) only runs when a container was asked for
    expect(unavailable).not.toHaveBeenCalled();
  });

  it("asks testcontainers' own runtime detection, and says where it looked when there is none", () => {
    const status = probeContainerRuntime({ ...process.env });
    const somewhereToLook = Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
    if (!somewhereToLook) {
      expect(status).toEqual({
        available: false,
        reason: expect.stringMatching(/container runtime.*\(no \/var\/run\/docker\.sock and DOCKER_HOST is unset\)$/),
      });
      expect(engineSkipReason({ TEST_ENGINE: 'container' }, () => status)).toMatch(
        /^TEST_ENGINE=container but no container runtime: Could not find a working container runtime/,
      );
    } else {
      // a Docker endpoint exists: the probe either reaches it or says it does not answer
      expect(status.available || /does not answer/.test(status.reason ?? '')).toBe(true);
    }
  });
});

describe('startEngine()', () => {
  const saved = { ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_GRPC_ADDRESS, TEST_ENGINE: process.env.TEST_ENGINE };
  const started: TestEngine[] = [];

  beforeEach(() => {
    delete process.env.ZEEBE_GRPC_ADDRESS;
    delete process.env.TEST_ENGINE;
  });

  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    // the external client first, then the engine it talked to
    for (const engine of started.splice(0).reverse()) await engine.close();
  });

  it('starts the embedded engine when nothing else is asked for', async () => {
    const embedded = await startEngine({ logLevel: 'silent' });
    started.push(embedded);
    expect(embedded.engine).toBeDefined();
    expect(embedded.grpcAddress).toMatch(/^grpc:\/\/127\.0\.0\.1:\d+$/);
    expect((await embedded.zeebe.topology()).brokers).toHaveLength(1);
  });

  it('connects to the cluster at ZEEBE_GRPC_ADDRESS, before a container, without starting an engine', async () => {
    const cluster = await startEngine({ logLevel: 'silent' });
    started.push(cluster);
    process.env.ZEEBE_GRPC_ADDRESS = cluster.grpcAddress;
    process.env.TEST_ENGINE = 'container';

    const external = await startEngine();
    started.push(external);
    expect(external.engine).toBeUndefined();
    expect(external.grpcAddress).toBe(cluster.grpcAddress);
    await external.zeebe.deployResource({ name: 'external-check.bpmn', process: Buffer.from(MINIMAL_PROCESS) });
    const created = await external.zeebe.createProcessInstance({ bpmnProcessId: 'external-check', variables: {} });
    // the command reached the engine behind that address
    expect(cluster.engine?.getProcessInstance(created.processInstanceKey)?.bpmnProcessId).toBe('external-check');
  });
});
