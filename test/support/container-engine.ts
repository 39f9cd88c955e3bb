/**
 * A real Camunda 8 for tests (TEST_ENGINE=container): the camunda/camunda image docker-compose.yml runs,
 * defined as camunda-process-test's CamundaContainer defines it (io.camunda.process.test.impl.containers):
 * Spring profiles `broker,consolidated-auth` only, so Operate, Tasklist and the Admin UI stay off (Camunda
 * turns a web app on only under its profile: operate, tasklist, admin) while Zeebe, REST v2 and its search run; in-memory H2 as
 * secondary storage (CamundaContainer.withH2()); a controllable clock (ZEEBE_CLOCK_CONTROLLED, for
 * PUT /v2/clock); unprotected APIs (the SDK connects with CAMUNDA_AUTH_STRATEGY=NONE). A memory limit keeps
 * one laptop's Docker from running out, and the JVM heap is sized below it so the kernel never kills the JVM.
 * Ready once GET /v2/topology answers 200 with partition 1's leader healthy, as CPT's topology check: the
 * actuator can report UP before a partition has a leader, and then the first deployment fails.
 * One container serves a whole jest run: globalSetup starts it (shared-camunda.ts), the suites connect to it.
 */
import { randomUUID } from 'node:crypto';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

/** Keep equal to the tag in docker-compose.yml (test/deploy/docker-compose.test.ts checks it). */
export const CAMUNDA_IMAGE = 'camunda/camunda:8.9.17';

export const GRPC_PORT = 26500;
export const REST_PORT = 8080;
export const MANAGEMENT_PORT = 9600;

/** The container's memory limit; docker-compose.yml gives its long-running camunda service 1 GiB. */
export const MEMORY_LIMIT_GIB = 1.5;
/** Heap for the JVM: well below the limit, leaving room for metaspace, threads, RocksDB and H2 off-heap. */
export const JAVA_TOOL_OPTIONS = '-Xms256m -Xmx768m';

const STARTUP_TIMEOUT_MS = 4 * 60_000;
const READINESS_READ_TIMEOUT_MS = 10_000;

/** The container's settings; the names are Camunda's documented environment variables. */
export function camundaContainerEnvironment(databaseName = `camunda-${randomUUID()}`): Record<string, string> {
  return {
    // what CPT's CamundaContainer sets: the broker with its gateway and REST API, basic auth machinery, no web apps
    SPRING_PROFILES_ACTIVE: 'broker,consolidated-auth',
    JAVA_TOOL_OPTIONS,
    CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'rdbms',
    // in memory, kept while the JVM runs (not only while a connection is open)
    CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL: `jdbc:h2:mem:${databaseName};DB_CLOSE_DELAY=-1`,
    CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_USERNAME: 'sa',
    CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_PASSWORD: '',
    CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL: 'PT0.5S',
    CAMUNDA_SECURITY_AUTHENTICATION_METHOD: 'basic',
    CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'true',
    CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED: 'false',
    ZEEBE_CLOCK_CONTROLLED: 'true',
  };
}

/** CPT's isPartitionReady: the topology names partition 1 with a healthy leader. */
export function topologyIsReady(body: string): boolean {
  try {
    const topology = JSON.parse(body) as {
      brokers?: { partitions?: { partitionId?: number; role?: string; health?: string }[] }[];
    };
    return (topology.brokers ?? []).some((broker) =>
      (broker.partitions ?? []).some((p) => p.partitionId === 1 && p.role === 'leader' && p.health === 'healthy'),
    );
  } catch {
    return false;
  }
}

/** The container as testcontainers will create it (not started): what the fixture's unit test reads. */
export function camundaContainer(image: string = CAMUNDA_IMAGE): GenericContainer {
  return new GenericContainer(image)
    .withEnvironment(camundaContainerEnvironment())
    .withExposedPorts(GRPC_PORT, REST_PORT, MANAGEMENT_PORT)
    .withResourcesQuota({ memory: MEMORY_LIMIT_GIB })
    .withWaitStrategy(
      Wait.forHttp('/v2/topology', REST_PORT)
        .forStatusCode(200)
        .forResponsePredicate(topologyIsReady)
        .withReadTimeout(READINESS_READ_TIMEOUT_MS),
    )
    .withStartupTimeout(STARTUP_TIMEOUT_MS);
}

export interface CamundaAddresses {
  /** grpc://host:port */
  grpcAddress: string;
  /** http://host:port (no /v2) */
  restAddress: string;
  /** http://host:port of the management API (/actuator/...) */
  managementAddress: string;
}

export interface RunningCamunda extends CamundaAddresses {
  stop(): Promise<void>;
}

export async function startCamundaContainer(image: string = CAMUNDA_IMAGE): Promise<RunningCamunda> {
  let container: StartedTestContainer;
  try {
    container = await camundaContainer(image).start();
  } catch (err) {
    throw new Error(`TEST_ENGINE=container: ${image} did not start: ${err instanceof Error ? err.message : err}`);
  }
  const host = container.getHost();
  return {
    grpcAddress: `grpc://${host}:${container.getMappedPort(GRPC_PORT)}`,
    restAddress: `http://${host}:${container.getMappedPort(REST_PORT)}`,
    managementAddress: `http://${host}:${container.getMappedPort(MANAGEMENT_PORT)}`,
    stop: async () => {
      await container.stop();
    },
  };
}
