import pino from 'pino';
import v8 from 'node:v8';
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
const gc = (globalThis as { gc?: () => void }).gc!;
const snap = () => { const m = process.memoryUsage(); const s = v8.getHeapSpaceStatistics(); return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, ext: m.external, spaces: Object.fromEntries(s.map((x) => [x.space_name, x.space_size])) }; };
(async () => {
  const engine = createEngine({ logger: pino({ level: 'silent' }) });
  await engine.deploy([{ name: 'parked.bpmn', content: xml }]);
  for (let i = 0; i < Number(process.env.WARM ?? 1); i++) engine.createProcessInstance({ bpmnProcessId: "parked", variables: { orderId: `warm-${i}` } });
  gc();
  if (process.env.SNAP) v8.writeHeapSnapshot('/tmp/memdiag/before.heapsnapshot');
  const b = snap();
  for (let i = 0; i < instances; i++) engine.createProcessInstance({ bpmnProcessId: 'parked', variables: { orderId: `order-${i}` } });
  gc();
  const a = snap();
  if (process.env.SNAP) v8.writeHeapSnapshot('/tmp/memdiag/after.heapsnapshot');
  const per = (k: 'rss' | 'heapUsed' | 'heapTotal' | 'ext') => ((a[k] - b[k]) / instances).toFixed(0);
  const sp = Object.fromEntries(Object.keys(a.spaces).map((k) => [k, ((a.spaces[k] - (b.spaces[k] ?? 0)) / instances).toFixed(0)]));
  console.log(JSON.stringify({ rss: per('rss'), heapUsed: per('heapUsed'), heapTotal: per('heapTotal'), ext: per('ext'), sp }));
  engine.close();
})();
