/**
 * A batch operation survives a crash in its middle: the standalone engine (a child process on a journal in a
 * temp dir) is killed with SIGKILL while a cancellation batch over 3,000 instances is half done, and started
 * again on the same journal. The batch then finishes once: every item COMPLETED, none FAILED (an item applied
 * a second time would be rejected: its instance is gone), every instance TERMINATED exactly as many as matched.
 * And in process: a snapshot taken mid-batch holds the batch, so a reopened engine restores it and goes on.
 * Everything goes through the unmodified REST client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEngineServices } from '../../src/boot/engine-gateways';
import { openEngine } from '../../src/engine/engine';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { eventually, pollFor } from '../support/eventually';
import { freePort } from '../support/free-port';
import { NOW, type RestClient, restClientFor } from '../support/rest-client';
import { EngineProcess } from './engine-process';

const INSTANCES = 3_000;
const model = bpmnXml({
  id: 'batch-crash',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'batch-crash-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});

describe('a batch operation across an engine crash', () => {
  let dataDir: string;
  let engine: EngineProcess;
  let client: RestClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'baton-batch-crash-'));
    engine = new EngineProcess({ dataDir, grpcPort: await freePort(), restPort: await freePort() });
    await engine.start();
    client = restClientFor(engine.restAddress);
  });
  afterAll(async () => {
    if (engine?.running) await engine.kill9();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('killed mid-batch, it finishes after the restart and applies no item twice', async () => {
    await client.createDeployment({ resources: [new File([model], 'batch-crash.bpmn')] } as never);
    for (let i = 0; i < INSTANCES; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          client.createProcessInstance({ processDefinitionId: 'batch-crash' } as never),
        ),
      );
    }
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-crash' } } as never,
      NOW,
    );
    const key = String(created.batchOperationKey);
    const read = () => client.getBatchOperation({ batchOperationKey: key } as never, NOW);
    // (polled every 10 ms: the kill must land while the batch is still running)
    const midway = await pollFor(
      'the batch to have applied some items',
      async () => {
        const b = await read();
        return Number(b.operationsCompletedCount) > 0 && b;
      },
      30_000,
    );
    await engine.kill9();
    expect(midway.operationsCompletedCount).toBeLessThan(INSTANCES);

    await engine.start();
    const done = await eventually(read, (b) => b.state === 'COMPLETED', 'the batch to finish after the restart');
    expect(done).toMatchObject({
      operationsTotalCount: INSTANCES,
      operationsCompletedCount: INSTANCES,
      operationsFailedCount: 0,
    });
    const failed = await client.searchBatchOperationItems(
      { filter: { batchOperationKey: key, state: { $neq: 'COMPLETED' } } } as never,
      NOW,
    );
    expect(failed.page.totalItems).toBe(0);
    const terminated = await client.searchProcessInstances(
      { filter: { processDefinitionId: 'batch-crash', state: 'TERMINATED' }, page: { limit: 0 } } as never,
      NOW,
    );
    expect(terminated.page.totalItems).toBe(INSTANCES);
  }, 120_000);
});

test('a snapshot taken mid-batch holds the batch: the reopened engine restores it and finishes it', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'baton-batch-snapshot-'));
  const logger = pino({ level: 'silent' });
  const open = async () => {
    const engine = await openEngine({ dataDir, logger, snapshotEvery: 0 });
    const services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, logger });
    const client = restClientFor(`http://127.0.0.1:${services.restPort}`);
    const close = async () => {
      await services.close();
      engine.close();
    };
    return { engine, client, close };
  };
  try {
    const first = await open();
    await first.engine.deploy([{ name: 'batch-crash.bpmn', content: model }]);
    for (let i = 0; i < 1_000; i++) first.engine.createProcessInstance({ bpmnProcessId: 'batch-crash' });
    const created = await first.client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-crash' } } as never,
      NOW,
    );
    const key = String(created.batchOperationKey);
    await first.client.suspendBatchOperation({ batchOperationKey: key } as never, NOW);
    const applied = [...(first.engine.listBatchOperations?.() ?? [])][0].operationsCompletedCount;
    expect(applied).toBeLessThan(1_000);
    expect(first.engine.snapshot()).toBe(true);
    await first.close();

    const second = await open();
    const read = () => second.client.getBatchOperation({ batchOperationKey: key } as never, NOW);
    expect(await read()).toMatchObject({ state: 'SUSPENDED', operationsCompletedCount: applied });
    await second.client.resumeBatchOperation({ batchOperationKey: key } as never, NOW);
    const done = await eventually(read, (b) => b.state === 'COMPLETED', 'the restored batch to finish');
    expect(done).toMatchObject({ operationsCompletedCount: 1_000, operationsFailedCount: 0 });
    await second.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
