/**
 * The cluster the user-model suites share: every model in test/fixtures/models/ deployed through the SDK in
 * one DeployResource call, plus `start` (create an instance) and `finished` (wait for it to complete, then
 * the element ids completed in order and the root variables). Call it inside a describe block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestEngine } from '../support/engine';
import { sdkCluster } from './sdk-cluster';
import { completedElements, rootVariables, untilEnded, type ZeebeClient } from './zeebe-harness';

const MODELS_DIR = path.join(__dirname, '..', 'fixtures', 'models');
type Variables = Parameters<ZeebeClient['createProcessInstance']>[0]['variables'];

export interface UserModelsCluster {
  readonly cluster: TestEngine;
  readonly zeebe: ZeebeClient;
  start(bpmnProcessId: string, variables: Variables): Promise<string>;
  finished(key: string): Promise<{ path: string[]; variables: Record<string, unknown> }>;
}

export function userModelsCluster(): UserModelsCluster {
  const sdk = sdkCluster();
  // runs after sdkCluster's beforeAll started the cluster
  beforeAll(async () => {
    const files = readdirSync(MODELS_DIR).filter((f) => f.endsWith('.bpmn'));
    await sdk.zeebe.deployResources(
      files.map((name) => ({ name, process: readFileSync(path.join(MODELS_DIR, name)) })),
    );
  });

  return {
    get cluster() {
      return sdk.cluster;
    },
    get zeebe() {
      return sdk.zeebe;
    },
    async start(bpmnProcessId, variables) {
      return (await sdk.zeebe.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
    },
    async finished(key) {
      const { engine } = sdk;
      expect(await untilEnded(engine, key)).toBe('COMPLETED');
      return { path: await completedElements(engine, key), variables: await rootVariables(engine, key) };
    },
  };
}
