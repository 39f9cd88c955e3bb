/**
 * The cluster an engine-sdk suite drives: `sdkCluster(...processes)`, called inside the describe block,
 * starts it in a beforeAll (startEngine(): external, container or embedded, as the run asks), deploys the
 * suite's processes through the SDK, and closes it in afterAll (its clock back at system time first). Read
 * `cluster`, `zeebe` and `engine` in tests and hooks: they throw when read before that beforeAll ran.
 */
import type { TestProcess } from '../support/bpmn';
import { startEngine, type TestEngine } from '../support/engine';
import { closeCluster, deploy, type RemoteEngine, remote, type ZeebeClient } from './zeebe-harness';

export interface SdkCluster {
  readonly cluster: TestEngine;
  readonly zeebe: ZeebeClient;
  /** remote(cluster): its REST v2 client and the process-test clock, one per cluster */
  readonly engine: RemoteEngine;
}

export function sdkCluster(...processes: TestProcess[]): SdkCluster {
  let cluster: TestEngine | undefined;
  const started = () => {
    if (!cluster) throw new Error('sdkCluster: used before its beforeAll ran');
    return cluster;
  };
  beforeAll(async () => {
    cluster = await startEngine();
    if (processes.length > 0) await deploy(cluster.zeebe, ...processes);
  });
  afterAll(() => closeCluster(cluster));

  return {
    get cluster() {
      return started();
    },
    get zeebe() {
      return started().zeebe;
    },
    get engine() {
      return remote(started());
    },
  };
}
