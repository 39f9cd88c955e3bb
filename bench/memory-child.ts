/**
 * Run in its own process (node --expose-gc): RSS growth per instance waiting at a message catch event.
 * Prints one JSON line: { bytesPerInstance, instances }.
 */
import pino from 'pino';
import { createEngine } from '../src/engine/engine';

const instances = Number(process.argv[2] ?? 10_000);
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="parked" isExecutable="true">
    <bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  </bpmn:process>
  <bpmn:message id="m" name="go"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>
</bpmn:definitions>`;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

(async () => {
  const engine = createEngine({ logger: pino({ level: 'silent' }) });
  await engine.deploy([{ name: 'parked.bpmn', content: xml }]);
  // Waiting instances before the baseline (at least 10,000), so that what does not grow per instance is paid
  // before it: code paths, lazily built structures and above all V8's young generation, which grows to its
  // full size (~16 MiB of semi-space, kept reserved after a GC) under the allocation rate of the first
  // thousands of instances. With one warm-up instance that fixed cost was ~1.7 KiB of the per-instance figure.
  const warmUp = Math.max(instances, 10_000);
  for (let i = 0; i < warmUp; i++) {
    engine.createProcessInstance({ bpmnProcessId: 'parked', variables: { orderId: `warm-up-${i}` } });
  }
  gc();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < instances; i++) {
    engine.createProcessInstance({ bpmnProcessId: 'parked', variables: { orderId: `order-${i}` } });
  }
  gc();
  const after = process.memoryUsage().rss;
  const waiting = [...engine.listProcessInstances()].filter((p) => p.state === 'ACTIVE').length;
  if (waiting !== warmUp + instances)
    throw new Error(`expected ${warmUp + instances} waiting instances, found ${waiting}`);
  process.stdout.write(`${JSON.stringify({ bytesPerInstance: (after - before) / instances, instances })}\n`);
  engine.close();
})();
