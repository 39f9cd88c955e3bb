/**
 * `useProcessTest(start, options)`: the jest lifecycle Camunda Process Test's extension gives a test class,
 * registered from a describe block: beforeAll starts the cluster (whatever `start` returns, e.g.
 * test/support/engine.ts's startEngine) and the toolkit; afterEach undoes what the test left (mock workers,
 * stub decisions and child processes, a pinned clock: pt.cleanUpTest()) and, with `resetBetweenTests`, empties
 * the cluster (pt.resetCluster(): running instances cancelled, deployments deleted, so each test deploys
 * what it needs); afterAll writes coverage and closes the cluster.
 */
import { createProcessTest, type ProcessTest, type ProcessTestFixture, type ProcessTestOptions } from './process-test';

export interface UseProcessTestOptions extends ProcessTestOptions {
  /** cancel every instance and delete every deployment after each test (default false) */
  resetBetweenTests?: boolean;
  /** write this suite's coverage part in afterAll (default true) */
  writeCoverage?: boolean;
}

export interface ProcessTestHandle<C> {
  /** the toolkit; there from beforeAll on */
  readonly pt: ProcessTest;
  /** what `start` returned */
  readonly cluster: C;
}

export function useProcessTest<C extends ProcessTestFixture & { close?: () => Promise<void> }>(
  start: () => Promise<C>,
  optionsOrFactory: UseProcessTestOptions | ((cluster: C) => UseProcessTestOptions) = {},
): ProcessTestHandle<C> {
  let pt: ProcessTest | undefined;
  let cluster: C | undefined;
  let options: UseProcessTestOptions = {};
  const notStarted = () => new Error('useProcessTest: the cluster starts in beforeAll; use it inside tests or hooks');

  beforeAll(async () => {
    cluster = await start();
    // options may depend on the cluster (e.g. its read lag)
    options = typeof optionsOrFactory === 'function' ? optionsOrFactory(cluster) : optionsOrFactory;
    pt = createProcessTest(cluster, options);
  });
  afterEach(async () => {
    if (!pt) return;
    await pt.cleanUpTest();
    if (options.resetBetweenTests) await pt.resetCluster();
  });
  afterAll(async () => {
    try {
      await pt?.stopMockJobWorkers();
      if (pt && options.writeCoverage !== false) await pt.writeCoverage();
    } finally {
      await cluster?.close?.();
    }
  });

  return {
    get pt() {
      if (!pt) throw notStarted();
      return pt;
    },
    get cluster() {
      if (!cluster) throw notStarted();
      return cluster;
    },
  };
}
