/**
 * Free disk space below ENGINE_DISK_FREE_MIN (src/engine/journal/disk-space-monitor.ts), as Zeebe's
 * freeSpace.processing: every command is refused with RESOURCE_EXHAUSTED in Zeebe's words and writes
 * nothing, timers wait, the partition reports unhealthy; once there is room again all of it resumes by
 * itself, no restart. The free space is the test's own number; how the engine reads it is the point here.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { freeBytesUnder, OUT_OF_DISK_SPACE } from '../../src/engine/journal/disk-space-monitor';
import { toServiceError } from '../../src/gateway/grpc/errors';
import { bpmnXml } from '../support/bpmn';
import { pollFor } from '../support/eventually';
import { recordingLogger, silent } from './snapshot-fixture';

const MIN = 100 * 1024 * 1024;
const CHECK_MS = 10;
const model = bpmnXml({
  id: 'p',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT0.3S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>',
  flows: ['s -> wait -> e'],
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for the monitor to have looked several times. */
const monitorLooked = () => sleep(CHECK_MS * 5);

describe('free disk space below the minimum', () => {
  let dir: string;
  let free: number;
  let engine: Engine;
  let services: EngineServices | undefined;
  const { logger, lines } = recordingLogger();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-disk-space-'));
    free = MIN * 2;
    engine = await openEngine({
      dataDir: dir,
      logger,
      snapshotEvery: 0,
      diskFreeMin: MIN,
      diskCheck: { intervalMs: CHECK_MS, freeBytes: () => free },
    });
    await engine.deploy([{ name: 'p.bpmn', content: model }]);
  });
  afterEach(async () => {
    await services?.close();
    services = undefined;
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusal = (command: () => unknown) => {
    try {
      command();
    } catch (err) {
      return err;
    }
    return undefined;
  };
  const journalBytes = () => statSync(join(dir, 'journal.log')).size;
  const stateOf = (key: string) => engine.getProcessInstance(key)?.state;

  test("refuses every command in Zeebe's words and writes nothing; takes them again once there is room", async () => {
    free = MIN - 1;
    await monitorLooked();
    const before = journalBytes();
    const create = refusal(() => engine.createProcessInstance({ bpmnProcessId: 'p', variables: {} }));
    expect(create).toBeInstanceOf(EngineError);
    expect(create).toMatchObject({ code: 'RESOURCE_EXHAUSTED', message: OUT_OF_DISK_SPACE });
    expect(refusal(() => engine.publishMessage({ name: 'm', correlationKey: 'k', timeToLive: 0 }))).toMatchObject({
      code: 'RESOURCE_EXHAUSTED',
    });
    expect(
      refusal(() => engine.activateJobs({ type: 't', worker: 'w', maxJobsToActivate: 1, timeout: 1000 })),
    ).toMatchObject({
      code: 'RESOURCE_EXHAUSTED',
    });
    expect(refusal(() => engine.clock.advance(1000))).toMatchObject({ code: 'RESOURCE_EXHAUSTED' });
    await expect(engine.deploy([{ name: 'p.bpmn', content: model }])).rejects.toMatchObject({
      code: 'RESOURCE_EXHAUSTED',
    });
    await engine.durable();
    expect(journalBytes()).toBe(before);
    expect(engine.haltedBecause()).toBe(OUT_OF_DISK_SPACE);
    expect(lines.some((l) => String(l.msg).startsWith('free disk space is below ENGINE_DISK_FREE_MIN'))).toBe(true);

    free = MIN; // exactly the minimum is enough
    await monitorLooked();
    expect(engine.haltedBecause()).toBeUndefined();
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'p', variables: {} });
    expect(stateOf(processInstanceKey)).toBe('ACTIVE');
    expect(lines.some((l) => String(l.msg).startsWith('free disk space is back above ENGINE_DISK_FREE_MIN'))).toBe(
      true,
    );
  });

  test('timers wait while the disk is short and fire once there is room', async () => {
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'p', variables: {} });
    free = 0;
    await sleep(600); // twice the timer's duration
    expect(stateOf(processInstanceKey)).toBe('ACTIVE');
    free = MIN * 2;
    await pollFor('the timer to fire', () => stateOf(processInstanceKey) === 'COMPLETED', 2000);
    expect(stateOf(processInstanceKey)).toBe('COMPLETED');
  });

  test('over REST: 429 RESOURCE_EXHAUSTED, the partition unhealthy and /v2/status 503; over gRPC RESOURCE_EXHAUSTED', async () => {
    services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger: silent });
    const rest = `http://127.0.0.1:${services.restPort}/v2`;
    free = 1;
    await monitorLooked();
    const created = await fetch(`${rest}/process-instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processDefinitionId: 'p' }),
    });
    expect(created.status).toBe(429);
    expect(await created.json()).toMatchObject({ title: 'RESOURCE_EXHAUSTED', detail: OUT_OF_DISK_SPACE });
    const topology = (await (await fetch(`${rest}/topology`)).json()) as {
      brokers: { partitions: { health: string }[] }[];
    };
    expect(topology.brokers[0].partitions[0].health).toBe('unhealthy');
    expect((await fetch(`${rest}/status`)).status).toBe(503);

    const grpc = toServiceError(
      refusal(() => engine.createProcessInstance({ bpmnProcessId: 'p', variables: {} })),
      'CreateProcessInstance',
      'CREATE',
      silent,
    );
    expect(grpc).toMatchObject({ code: 8, details: OUT_OF_DISK_SPACE }); // RESOURCE_EXHAUSTED

    free = MIN;
    await monitorLooked();
    expect((await fetch(`${rest}/status`)).status).toBe(204);
  });

  test('the real reading: free bytes of the filesystem under the data directory', () => {
    const bytes = freeBytesUnder(dir);
    expect(Number.isSafeInteger(bytes)).toBe(true);
    expect(bytes).toBeGreaterThan(0);
  });
});
