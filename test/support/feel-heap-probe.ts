/**
 * Run by test/engine/feel-budget-heap.test.ts in a child with a small heap: one script task counting
 * 1..n for a huge n, then one for a small n; prints what became of each as one JSON line.
 */
import pino from 'pino';
import { createEngine } from '../../src/engine/engine';
import { bpmnXml } from './bpmn';

async function main() {
  const n = Number(process.argv[2]);
  const engine = createEngine({ logger: pino({ level: 'silent' }) });
  await engine.deploy([
    {
      name: 'counting.bpmn',
      content: bpmnXml({
        id: 'counting',
        elements: `<bpmn:startEvent id="start"/>
          <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="= count(for i in 1..n return i)" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
          <bpmn:endEvent id="end"/>`,
        flows: ['start -> compute -> end'],
      }),
    },
  ]);
  const big = engine.createProcessInstance({ bpmnProcessId: 'counting', variables: { n } });
  const incidents = [...engine.listIncidents()].filter((i) => i.processInstanceKey === big.processInstanceKey);
  const small = engine.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 10 } });
  const total = [...engine.listVariables(small.processInstanceKey)].find((v) => v.name === 'total')?.value;
  process.stdout.write(`${JSON.stringify({ incidents: incidents.map((i) => i.errorMessage), total })}\n`);
  engine.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
