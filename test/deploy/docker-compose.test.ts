/**
 * docker-compose.yml is valid for Compose (`docker compose config -q`, or the standalone `docker-compose`)
 * and keeps its contract: camunda/camunda pinned to the testcontainers tag, H2 (rdbms) secondary storage on
 * a named volume and no Elasticsearch, ports 26500/8080/9600, the health check on /actuator/health/status,
 * the demo user, PostgreSQL for the app, and the app built from ./Dockerfile with an environment that
 * src/config.ts accepts as an external cluster, started once Camunda and PostgreSQL are healthy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import { CAMUNDA_IMAGE } from '../support/container-engine';

const ROOT = path.join(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');

interface Service {
  image?: string;
  build?: string | { context: string };
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  init?: boolean;
}

const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const { camunda, postgres, app } = compose.services;

/** `docker compose` (the v2 plugin) or `docker-compose` (v1, Debian's package), whichever runs. */
function composeCommand(): string[] | undefined {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(command[0], [...command.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return command;
  }
  return undefined;
}

function runCompose(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const command = composeCommand();
  if (!command) {
    throw new Error(
      'Neither `docker compose` nor `docker-compose` is installed, so docker-compose.yml cannot be validated: ' +
        'install one (Debian: apt-get install docker-compose)',
    );
  }
  // API_KEY/LOG_LEVEL from the caller's shell must not leak into the interpolated file
  const env = {
    ...process.env,
    API_KEY: '',
    LOG_LEVEL: '',
    CAMUNDA_BASIC_AUTH_USERNAME: '',
    CAMUNDA_BASIC_AUTH_PASSWORD: '',
  };
  const run = spawnSync(command[0], [...command.slice(1), '-f', COMPOSE_FILE, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function volumeOf(service: Service, containerPath: string): string | undefined {
  const mount = service.volumes?.find((v) => v.split(':')[1] === containerPath);
  return mount?.split(':')[0];
}

describe('docker-compose.yml', () => {
  it('is valid for Compose', () => {
    const run = runCompose(['config', '-q']);
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('runs camunda/camunda at the same pinned tag as the testcontainers fixture', () => {
    expect(camunda.image).toMatch(/^camunda\/camunda:8\.(8|9)\.\d+$/);
    expect(camunda.image).toBe(CAMUNDA_IMAGE);
  });

  it('keeps secondary storage in a file-backed H2 on a named volume, with no Elasticsearch anywhere', () => {
    const env = camunda.environment ?? {};
    expect(env.CAMUNDA_DATA_SECONDARYSTORAGE_TYPE).toBe('rdbms');
    const url = env.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_URL;
    expect(url).toMatch(/^jdbc:h2:file:\//);
    const directory = path.posix.dirname(url.replace('jdbc:h2:file:', ''));
    const volume = volumeOf(camunda, directory);
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(env.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_USERNAME).toBe('sa');
    const searchEngines = Object.entries(compose.services).filter(([name, service]) =>
      /elasticsearch|opensearch/i.test(`${name} ${service.image} ${JSON.stringify(service.environment ?? {})}`),
    );
    expect(searchEngines).toEqual([]);
  });

  it('publishes gRPC 26500, REST/Operate/Tasklist 8080 and management 9600 on loopback, and checks /actuator/health/status', () => {
    expect(camunda.ports?.map((p) => p.split(' ')[0])).toEqual([
      '127.0.0.1:26500:26500',
      '127.0.0.1:8080:8080',
      '127.0.0.1:9600:9600',
    ]);
    const check = camunda.healthcheck?.test.join(' ') ?? '';
    expect(check).toContain('/dev/tcp/127.0.0.1/9600');
    expect(check).toContain('GET /actuator/health/status');
  });

  it('protects the APIs with Basic authentication, the app sending the first user’s credentials (demo/demo unless set)', () => {
    const env = camunda.environment ?? {};
    expect(env.CAMUNDA_SECURITY_AUTHENTICATION_METHOD).toBe('basic');
    expect(env.CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI).toBe('false');
    expect(app.environment?.CAMUNDA_AUTH_STRATEGY).toBe('BASIC');
    const resolved = parse(runCompose(['config']).stdout) as { services: Record<string, Service> };
    const user = resolved.services.camunda.environment ?? {};
    const client = resolved.services.app.environment ?? {};
    expect([
      user.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME,
      user.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD,
    ]).toEqual(['demo', 'demo']);
    expect([client.CAMUNDA_BASIC_AUTH_USERNAME, client.CAMUNDA_BASIC_AUTH_PASSWORD]).toEqual(['demo', 'demo']);
    expect(user.CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_USERS_0).toBe('demo');
  });

  it('takes the credentials from CAMUNDA_BASIC_AUTH_USERNAME / _PASSWORD, the same for Camunda and the app', () => {
    const command = composeCommand() as string[];
    const run = spawnSync(command[0], [...command.slice(1), '-f', COMPOSE_FILE, 'config'], {
      cwd: ROOT,
      env: { ...process.env, CAMUNDA_BASIC_AUTH_USERNAME: 'ops', CAMUNDA_BASIC_AUTH_PASSWORD: 'a-password-of-my-own' },
      encoding: 'utf8',
    });
    const resolved = parse(run.stdout) as { services: Record<string, Service> };
    const user = resolved.services.camunda.environment ?? {};
    const client = resolved.services.app.environment ?? {};
    expect(user.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME).toBe('ops');
    expect(user.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD).toBe('a-password-of-my-own');
    expect(user.CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_USERS_0).toBe('ops');
    expect([client.CAMUNDA_BASIC_AUTH_USERNAME, client.CAMUNDA_BASIC_AUTH_PASSWORD]).toEqual([
      'ops',
      'a-password-of-my-own',
    ]);
  });

  it('wires the app, built from ./Dockerfile, to Camunda and PostgreSQL by service name', () => {
    expect(app.build).toBe('.');
    const env = app.environment ?? {};
    expect(new URL(env.ZEEBE_GRPC_ADDRESS).host).toBe('camunda:26500');
    expect(new URL(env.ZEEBE_REST_ADDRESS).host).toBe('camunda:8080');
    const db = new URL(env.DATABASE_URL);
    const pg = postgres.environment ?? {};
    expect([db.hostname, db.username, db.password, db.pathname]).toEqual([
      'postgres',
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      `/${pg.POSTGRES_DB}`,
    ]);
    expect(app.ports).toContain('3000:3000');
  });

  it('gives the app an environment src/config.ts accepts as an external cluster on PostgreSQL', () => {
    const run = runCompose(['config']);
    expect(run.status).toBe(0);
    const resolved = parse(run.stdout) as { services: Record<string, Service> };
    const config = loadConfig(resolved.services.app.environment ?? {});
    expect(config).toMatchObject({
      embeddedEngine: false,
      zeebeGrpcAddress: 'grpc://camunda:26500',
      zeebeRestAddress: 'http://camunda:8080',
      camundaAuthStrategy: 'BASIC',
      camundaCredentials: { basicUsername: 'demo', basicPassword: 'demo' },
      databaseUrl: 'postgres://baton:baton@postgres:5432/baton',
      port: 3000,
      apiKey: undefined,
    });
  });

  it('starts the app only once Camunda and PostgreSQL are healthy, and Camunda after its volume is prepared', () => {
    expect(app.depends_on).toEqual({
      camunda: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
    });
    expect(postgres.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(camunda.depends_on?.['camunda-data-init']).toEqual({ condition: 'service_completed_successfully' });
  });
});

describe('docker-compose.yml: the workers as a service of their own', () => {
  const { workers } = compose.services;

  it('runs the app as BATON_ROLE=api and the workers, from the same Dockerfile, as BATON_ROLE=workers', () => {
    expect(app.environment?.BATON_ROLE).toBe('api');
    expect(workers.build).toBe('.');
    expect(workers.environment?.BATON_ROLE).toBe('workers');
    expect(workers.init).toBe(true);
  });

  it('can be scaled (no published port, no volume) and starts once the app has migrated and deployed', () => {
    expect(workers.ports).toBeUndefined();
    expect(workers.volumes).toBeUndefined();
    expect(workers.depends_on?.app).toEqual({ condition: 'service_healthy' });
  });

  it('gives the workers an environment src/config.ts accepts: the same cluster, credentials and database as the app', () => {
    const resolved = parse(runCompose(['config']).stdout) as { services: Record<string, Service> };
    const appConfig = loadConfig(resolved.services.app.environment ?? {});
    const config = loadConfig(resolved.services.workers.environment ?? {});
    expect(config.batonRole).toBe('workers');
    for (const key of ['zeebeGrpcAddress', 'zeebeRestAddress', 'camundaCredentials', 'databaseUrl'] as const) {
      expect(config[key]).toEqual(appConfig[key]);
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');

  it('builds on Node 24 (the Active LTS; Node 20 is end-of-life) with npm ci', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:24(-|$)/);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
  });

  it('runs what `npm start` runs, with node as the init process’s direct child (no npm in between)', () => {
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    const argv = JSON.parse(cmd as string) as string[];
    expect(argv).toEqual(packageJson.scripts.start.split(' '));
    expect(argv[0]).toBe('node');
    expect(dockerfile).not.toMatch(/^(CMD|ENTRYPOINT)\b.*\bnpm\b/m);
    // the init process (tini) comes from compose; node must not be PID 1, which ignores SIGTERM's default
    expect(app.init).toBe(true);
  });

  it('keeps node_modules, local data and built output out of the build context', () => {
    for (const entry of ['node_modules', '.data', '.git', 'modeler-ui/dist']) expect(ignored).toContain(entry);
  });
});
