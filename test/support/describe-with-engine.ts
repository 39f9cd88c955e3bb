/**
 * `describeWithEngine` for every suite that calls startEngine(): a plain describe(), except when a container
 * was asked for (TEST_ENGINE=container, no ZEEBE_GRPC_ADDRESS) and no container runtime is reachable; then
 * the suite prints one line saying why and its tests are skipped, never failed. With a container it also
 * raises the file's timeout, since pulling and starting camunda/camunda takes minutes, not seconds.
 *
 * `describeEmbeddedOnly(name, reason, fn)` for suites that test Baton's embedded engine itself (its
 * in-process API, our gateway's limits, the journal): a plain describe() on the default (embedded) run; when
 * the fixture would be an external cluster or a container, one line naming the file and why, and a skip.
 */
import { type ContainerRuntimeStatus, containerRuntimeStatus } from './container-runtime';

export type EngineKind = 'external' | 'container' | 'embedded';

/** The order startEngine() follows: an external cluster, else a container when asked, else embedded. */
export function engineKind(env: NodeJS.ProcessEnv = process.env): EngineKind {
  if (env.ZEEBE_GRPC_ADDRESS) return 'external';
  if (env.TEST_ENGINE === 'container') return 'container';
  return 'embedded';
}

/** Why the engine this run asks for cannot be had, or undefined when it can (or startEngine will say). */
export function engineSkipReason(
  env: NodeJS.ProcessEnv = process.env,
  runtime: () => ContainerRuntimeStatus = containerRuntimeStatus,
): string | undefined {
  if (engineKind(env) !== 'container') return undefined;
  const status = runtime();
  return status.available ? undefined : `TEST_ENGINE=container but no container runtime: ${status.reason}`;
}

/** Pulling the image and starting Camunda, per suite. */
const CONTAINER_SUITE_TIMEOUT_MS = 5 * 60_000;

const announced = new Set<string>();

function suiteFile(): string {
  const testPath = expect.getState().testPath;
  return testPath ? testPath.replace(`${process.cwd()}/`, '') : 'this suite';
}

function describeOrSkip(name: string, fn: () => void): void {
  const reason = engineSkipReason();
  if (reason === undefined) {
    if (engineKind() === 'container') jest.setTimeout(CONTAINER_SUITE_TIMEOUT_MS);
    describe(name, fn);
    return;
  }
  const file = suiteFile();
  if (!announced.has(file)) {
    announced.add(file);
    process.stderr.write(`Skipping ${file}: ${reason}\n`);
  }
  describe.skip(name, fn);
}

const EMBEDDED_ONLY = "tests Baton's embedded engine itself";

function describeEmbedded(name: string, why: string | (() => void), fn?: () => void): void {
  const body = typeof why === 'function' ? why : (fn as () => void);
  const reason = typeof why === 'string' ? `${EMBEDDED_ONLY} (${why})` : EMBEDDED_ONLY;
  const kind = engineKind();
  if (kind === 'embedded') {
    describe(name, body);
    return;
  }
  const what = `${suiteFile()} › ${name}`;
  if (!announced.has(what)) {
    announced.add(what);
    process.stderr.write(`Skipping ${what} on the ${kind} engine: ${reason}\n`);
  }
  describe.skip(name, body);
}

/** describe() on the embedded engine; skipped with one line on an external cluster or a container. */
export const describeEmbeddedOnly = describeEmbedded as {
  (name: string, fn: () => void): void;
  (name: string, why: string, fn: () => void): void;
};

export const describeWithEngine = Object.assign(describeOrSkip, {
  skip: describe.skip,
  only: describe.only,
}) as unknown as jest.Describe;
