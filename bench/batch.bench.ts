/**
 * A batch cancellation of many instances and what it does to the API meanwhile: a journaled engine with its
 * REST gateway holds `n` waiting instances; steady clients create instances of another process over REST v2
 * (`POST /v2/process-instances`, answered once on the journal) and their latencies are recorded, first for a
 * window without any batch, then from the moment `POST /v2/process-instances/cancellation` is sent until the
 * batch reads COMPLETED. The claim: the batch runs in bounded slices between requests, so the API's p99 during
 * it stays within twice its p99 without it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEngineServices } from '../src/boot/engine-gateways';
import { openEngine } from '../src/engine/engine';

const CLIENTS = 4;
/** pause between a client's requests: a steady load that leaves the engine room, as an operator's UI would */
const PAUSE_MS = 5;
const BASELINE_MS = 2_000;

const waiting = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${id}" targetNamespace="bench">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="${id}-work"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;

export interface BatchRun {
  /** from the batch's creation request until it read COMPLETED */
  batchSeconds: number;
  p99WithoutMs: number;
  p99DuringMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function p99(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

/** Steady clients creating instances until `stop()`; resolves with every request's latency in ms. */
function steadyLoad(rest: string) {
  let running = true;
  const latencies: number[] = [];
  const client = async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(`${rest}/v2/process-instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"processDefinitionId":"bench-load"}',
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`POST /v2/process-instances answered ${res.status}`);
      latencies.push(performance.now() - t);
      await sleep(PAUSE_MS);
    }
  };
  const clients = Promise.all(Array.from({ length: CLIENTS }, client));
  return {
    stop: async () => {
      running = false;
      await clients;
      return latencies;
    },
  };
}

export async function batchCancellation(n: number): Promise<BatchRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-batch-'));
  const logger = pino({ level: 'silent' });
  const engine = await openEngine({ dataDir, logger });
  const services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, logger });
  const rest = `http://127.0.0.1:${services.restPort}`;
  try {
    await engine.deploy([
      { name: 'bench-cancel.bpmn', content: waiting('bench-cancel') },
      { name: 'bench-load.bpmn', content: waiting('bench-load') },
    ]);
    for (let i = 0; i < n; i++) engine.createProcessInstance({ bpmnProcessId: 'bench-cancel' });
    await engine.durable();

    const baseline = steadyLoad(rest);
    await sleep(BASELINE_MS);
    const without = await baseline.stop();

    const during = steadyLoad(rest);
    const started = performance.now();
    const created = await fetch(`${rest}/v2/process-instances/cancellation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { processDefinitionId: 'bench-cancel' } }),
    });
    const { batchOperationKey } = (await created.json()) as { batchOperationKey: string };
    for (;;) {
      const batch = (await (await fetch(`${rest}/v2/batch-operations/${batchOperationKey}`)).json()) as {
        state: string;
        operationsCompletedCount: number;
      };
      if (batch.state === 'COMPLETED') {
        if (batch.operationsCompletedCount !== n)
          throw new Error(`the batch cancelled ${batch.operationsCompletedCount}`);
        break;
      }
      await sleep(20);
    }
    const batchSeconds = (performance.now() - started) / 1000;
    const withBatch = await during.stop();
    return { batchSeconds, p99WithoutMs: p99(without), p99DuringMs: p99(withBatch) };
  } finally {
    await services.close();
    engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
