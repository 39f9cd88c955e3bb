/**
 * A real Camunda 8 for tests (TEST_ENGINE=container): the camunda/camunda image docker-compose.yml runs,
 * started with testcontainers, with in-memory H2 as secondary storage (so the REST v2 search API, Operate
 * and Tasklist work without Elasticsearch), a controllable clock (ZEEBE_CLOCK_CONTROLLED, for PUT /v2/clock)
 * and unprotected APIs (the SDK connects with CAMUNDA_AUTH_STRATEGY=NONE). Ready once the management port
 * answers /actuator/health/status with a 2xx, as the compose health check requires.
 */
import { randomUUID } from 'node:crypto';
import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

/** Keep equal to the tag in docker-compose.yml (test/deploy/docker-compose.test.ts checks it). */
export const CAMUNDA_IMAGE = 'camunda/camunda:8.9.17';

export const GRPC_PORT = 26500;
export const REST_PORT = 8080;
export const MANAGEMENT_PORT = 9600;

const STARTUP_TIMEOUT_MS = 4 * 60_000;

/** The container's settings; the names are Camunda's documented environment variables. */
export function camundaContainerEnvironment(databaseName = `camunda-${randomUUID()}`): Record<string, string> {
  return {
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

export interface RunningCamunda {
  /** grpc://host:port */
  grpcAddress: string;
  /** http://host:port (no /v2) */
  restAddress: string;
  /** http://host:port of the management API (/actuator/...) */
  managementAddress: string;
  stop(): Promise<void>;
}

export async function startCamundaContainer(image: string = CAMUNDA_IMAGE): Promise<RunningCamunda> {
  let container: StartedTestContainer;
  try {
    container = await new GenericContainer(image)
      .withEnvironment(camundaContainerEnvironment())
      .withExposedPorts(GRPC_PORT, REST_PORT, MANAGEMENT_PORT)
      .withWaitStrategy(
        Wait.forHttp('/actuator/health/status', MANAGEMENT_PORT).forStatusCodeMatching(
          (status) => status >= 200 && status < 300,
        ),
      )
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start();
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
