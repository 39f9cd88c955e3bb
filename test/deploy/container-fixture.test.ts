/**
 * The real-Camunda fixture without a container runtime (this machine has none): the container definition
 * testcontainers would create (web apps off as CPT's CamundaContainer, H2, a memory limit, ready on
 * /v2/topology), the one-container-per-run handoff from globalSetup to the suites, the guard against the
 * compose stack's app service, and the jest settings for a shared cluster. That Camunda starts with these
 * settings is what a run with TEST_ENGINE=container and Docker proves; here only what we hand it is checked.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HttpWaitStrategy } from 'testcontainers/build/wait-strategies/http-wait-strategy';
import { composeAppConflict, grpcHost, runningComposeServices } from '../support/compose-app-guard';
import {
  CAMUNDA_IMAGE,
  camundaContainer,
  camundaContainerEnvironment,
  GRPC_PORT,
  MANAGEMENT_PORT,
  REST_PORT,
  topologyIsReady,
} from '../support/container-engine';
import { startEmbeddedEngine, startEngine, type TestEngine } from '../support/engine';
import {
  GRPC_ADDRESS_VARIABLE,
  REST_ADDRESS_VARIABLE,
  sharedCamundaAddresses,
  startSharedCamunda,
  stopSharedCamunda,
} from '../support/shared-camunda';

/** What testcontainers keeps of a GenericContainer before start() (its protected fields). */
interface ContainerDefinition {
  imageName: { string: string };
  environment: Record<string, string>;
  exposedPorts: number[];
  hostConfig: { Memory?: number };
  waitStrategy: unknown;
  startupTimeoutMs?: number;
}

describe('the camunda/camunda container definition', () => {
  const definition = camundaContainer() as unknown as ContainerDefinition;

  it('is the compose file image with only the broker and basic-auth profiles: no Operate, Tasklist or Identity UI', () => {
    expect(definition.imageName.string).toBe(CAMUNDA_IMAGE);
    // CPT's CamundaContainer: the web apps are on only under their profiles (operate, tasklist, admin)
    expect(definition.environment.SPRING_PROFILES_ACTIVE).toBe('broker,consolidated-auth');
    expect(definition.environment.SPRING_PROFILES_ACTIVE).not.toMatch(/operate|tasklist|identity|admin/);
  });

  it('keeps H2 in memory as secondary storage, a controlled clock and open APIs', () => {
    const env = camundaContainerEnvironment('db1');
    expect(env).toMatchObject({
      CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'rdbms',
      CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL: 'jdbc:h2:mem:db1;DB_CLOSE_DELAY=-1',
      CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'true',
      ZEEBE_CLOCK_CONTROLLED: 'true',
    });
    expect(definition.environment.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL).toMatch(
      /^jdbc:h2:mem:camunda-[0-9a-f-]{36};/,
    );
  });

  it('limits memory, with the JVM heap well inside the limit', () => {
    const limitBytes = definition.hostConfig.Memory ?? 0;
    expect(limitBytes).toBeGreaterThanOrEqual(1.5 * 1024 ** 3);
    expect(limitBytes).toBeLessThanOrEqual(2 * 1024 ** 3);
    const heap = /-Xmx(\d+)m/.exec(definition.environment.JAVA_TOOL_OPTIONS ?? '');
    expect(heap).not.toBeNull();
    expect(Number(heap?.[1]) * 1024 ** 2).toBeLessThanOrEqual(limitBytes * 0.6);
  });

  it('publishes gRPC, REST and management ports and is ready on GET /v2/topology, not the actuator', () => {
    expect(definition.exposedPorts).toEqual([GRPC_PORT, REST_PORT, MANAGEMENT_PORT]);
    expect(definition.waitStrategy).toBeInstanceOf(HttpWaitStrategy);
    const wait = definition.waitStrategy as unknown as { path: string; port: number; predicates: unknown[] };
    expect(wait.path).toBe('/v2/topology');
    expect(wait.port).toBe(REST_PORT);
    expect(wait.predicates).toHaveLength(2); // the 200 status and the topology body
  });

  it("takes a topology as ready when partition 1 has a healthy leader, as Baton's /v2/topology shows one", async () => {
    const engine = await startEmbeddedEngine({ logLevel: 'silent' });
    try {
      const response = await fetch(`${engine.restAddress}/v2/topology`);
      expect(response.status).toBe(200);
      expect(topologyIsReady(await response.text())).toBe(true);
    } finally {
      await engine.close();
    }
    const partition = (role: string, health: string) =>
      JSON.stringify({ brokers: [{ nodeId: 0, partitions: [{ partitionId: 1, role, health }] }] });
    expect(topologyIsReady(partition('leader', 'healthy'))).toBe(true);
    expect(topologyIsReady(partition('follower', 'healthy'))).toBe(false);
    expect(topologyIsReady(partition('leader', 'unhealthy'))).toBe(false);
    expect(topologyIsReady(JSON.stringify({ brokers: [] }))).toBe(false);
    expect(topologyIsReady('<html>starting</html>')).toBe(false);
  });
});

describe('one container per run: the globalSetup handoff', () => {
  it('starts nothing unless TEST_ENGINE=container asks for it, and then probes the runtime once', async () => {
    const runtime = jest.fn(() => ({ available: true }));
    const start = jest.fn();
    await startSharedCamunda({}, { runtime, start });
    await startSharedCamunda(
      { ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500', TEST_ENGINE: 'container' },
      { runtime, start },
    );
    expect(runtime).not.toHaveBeenCalled();
    expect(start).not.toHaveBeenCalled();
  });

  it('without a runtime prints one line, starts nothing and hands over no address', async () => {
    const env: NodeJS.ProcessEnv = { TEST_ENGINE: 'container' };
    const lines: string[] = [];
    const start = jest.fn();
    await startSharedCamunda(env, {
      runtime: () => ({ available: false, reason: 'no /var/run/docker.sock' }),
      start,
      log: (line) => lines.push(line),
    });
    expect(lines).toEqual([
      'TEST_ENGINE=container but no container runtime, no Camunda started: no /var/run/docker.sock',
    ]);
    expect(start).not.toHaveBeenCalled();
    expect(env[GRPC_ADDRESS_VARIABLE]).toBeUndefined();
    expect(() => sharedCamundaAddresses(env)).toThrow(/no Camunda container for this run/);
  });

  describe('with a runtime', () => {
    const saved = {
      TEST_ENGINE: process.env.TEST_ENGINE,
      ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_GRPC_ADDRESS,
    };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("hands the container's addresses to every suite, which connect without stopping it; teardown stops it", async () => {
      // an embedded engine stands in for the container: this checks the handoff, not Camunda
      const standIn = await startEmbeddedEngine({ logLevel: 'silent' });
      const stop = jest.fn(() => standIn.close());
      const starts = jest.fn(async () => ({
        grpcAddress: standIn.grpcAddress,
        restAddress: standIn.restAddress as string,
        managementAddress: 'http://127.0.0.1:1',
        stop,
      }));
      delete process.env.ZEEBE_GRPC_ADDRESS;
      process.env.TEST_ENGINE = 'container';
      await startSharedCamunda(process.env, { runtime: () => ({ available: true }), start: starts });
      let first: TestEngine | undefined;
      let second: TestEngine | undefined;
      try {
        expect(process.env[GRPC_ADDRESS_VARIABLE]).toBe(standIn.grpcAddress);
        expect(process.env[REST_ADDRESS_VARIABLE]).toBe(standIn.restAddress);
        first = await startEngine();
        second = await startEngine();
        expect([first.grpcAddress, second.grpcAddress]).toEqual([standIn.grpcAddress, standIn.grpcAddress]);
        expect(first.restAddress).toBe(standIn.restAddress);
        expect(first.engine).toBeUndefined(); // connected like an external cluster
        await first.close();
        // one suite closing leaves the run's container to the others
        expect(stop).not.toHaveBeenCalled();
        expect((await second.zeebe.topology()).brokers).toHaveLength(1);
      } finally {
        await second?.close();
        await stopSharedCamunda(process.env);
      }
      expect(starts).toHaveBeenCalledTimes(1);
      expect(stop).toHaveBeenCalledTimes(1);
      expect(process.env[GRPC_ADDRESS_VARIABLE]).toBeUndefined();
    });
  });
});

describe("the compose stack's app service and the tests", () => {
  const running =
    (...services: string[]) =>
    () =>
      services;

  it('refuses a run against this machine while the compose app service runs, saying how to stop it', () => {
    for (const address of [
      'grpc://localhost:26500',
      'localhost:26500',
      'grpc://127.0.0.1:26500',
      'grpc://[::1]:26500',
    ]) {
      expect(composeAppConflict({ ZEEBE_GRPC_ADDRESS: address }, running('camunda', 'postgres', 'app'))).toMatch(
        /app service is running: Baton's own workers would take the tests' jobs\. Stop it first: docker compose stop app$/,
      );
    }
  });

  it('refuses it too while the compose workers service runs', () => {
    const address = { ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500' };
    expect(composeAppConflict(address, running('camunda', 'postgres', 'workers'))).toMatch(
      /workers service is running: .* Stop it first: docker compose stop workers$/,
    );
    expect(composeAppConflict(address, running('camunda', 'postgres', 'app', 'workers'))).toMatch(
      /app and workers services are running: .* Stop it first: docker compose stop app workers$/,
    );
  });

  it('lets the run go without the app service, against another host, without compose, or on other engines', () => {
    const services = jest.fn(running('camunda', 'postgres', 'app'));
    expect(composeAppConflict({ ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500' }, running('camunda'))).toBeUndefined();
    expect(composeAppConflict({ ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500' }, () => undefined)).toBeUndefined();
    expect(
      composeAppConflict({ ZEEBE_GRPC_ADDRESS: 'grpcs://abc.bru-2.zeebe.camunda.io:443' }, services),
    ).toBeUndefined();
    expect(composeAppConflict({ TEST_ENGINE: 'container' }, services)).toBeUndefined();
    expect(composeAppConflict({}, services)).toBeUndefined();
    expect(services).not.toHaveBeenCalled();
    expect(grpcHost('camunda:26500')).toBe('camunda');
  });

  it('asks compose in the repository, and takes no answer (no tool, no daemon) as no app running', () => {
    const services = runningComposeServices();
    const daemon = Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
    if (!daemon) expect(services).toBeUndefined();
    else expect(services === undefined || Array.isArray(services)).toBe(true);
  });
});

describe('jest settings for a shared cluster', () => {
  const configFile = path.join(__dirname, '..', '..', 'jest.config.cjs');
  const configWith = (env: Record<string, string | undefined>): { maxWorkers?: number } => {
    const saved = { ZEEBE_GRPC_ADDRESS: process.env.ZEEBE_GRPC_ADDRESS, TEST_ENGINE: process.env.TEST_ENGINE };
    try {
      for (const [name, value] of Object.entries(env)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      let config: { maxWorkers?: number } = {};
      jest.isolateModules(() => {
        config = require(configFile);
      });
      return config;
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };

  it('runs the files one at a time on a shared cluster, in parallel on embedded engines', () => {
    expect(configWith({ TEST_ENGINE: 'container', ZEEBE_GRPC_ADDRESS: undefined }).maxWorkers).toBe(1);
    expect(configWith({ TEST_ENGINE: undefined, ZEEBE_GRPC_ADDRESS: 'grpc://localhost:26500' }).maxWorkers).toBe(1);
    expect(configWith({ TEST_ENGINE: undefined, ZEEBE_GRPC_ADDRESS: undefined }).maxWorkers).toBeUndefined();
  });
});
