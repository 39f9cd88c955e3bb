/**
 * Run in its own process by `engineCoreSamples` (node --max-semi-space-size=64): our engine core and
 * bpmn-engine on the order model, repetitions alternating so a change in the machine's load meets both alike.
 * Prints one JSON line: { ours: [inst/s…], bpmnEngine: [inst/s…] }.
 *
 * Why the larger young generation: bpmn-engine allocates ~5 MB per 4-task instance (~3,400 smqp messages,
 * their consumers and queues), so with V8's default 16 MiB semi-space a scavenge lands every ~3 instances in
 * the middle of one, promotes its live graph to the old generation and later forces mark-compacts: 14 % of its
 * CPU profile was GC, 5 % with a 64 MiB semi-space, which made it ~1.2× faster here (more under load). Both
 * engines run with it, in the same process, on a heap no other benchmark has used.
 */
import { bpmnEngine, oursInMemory } from './engine-core.bench';

const instances = Number(process.argv[2] ?? 5_000);
const reps = Number(process.argv[3] ?? 3);

(async () => {
  const samples = { ours: [] as number[], bpmnEngine: [] as number[] };
  for (let i = 0; i < reps; i++) {
    samples.ours.push(await oursInMemory(instances));
    const cpu = process.cpuUsage();
    samples.bpmnEngine.push(await bpmnEngine(instances));
    // CPU time beside the rate: on a busy machine wall-clock rates drop, CPU per instance much less
    const { user, system } = process.cpuUsage(cpu);
    const rate = samples.bpmnEngine[i].toFixed(1);
    const msPerInstance = ((user + system) / 1000 / instances).toFixed(1);
    process.stderr.write(`  bpmn-engine ${i + 1}/${reps}: ${rate} inst/s, ${msPerInstance} ms CPU per instance\n`);
  }
  process.stdout.write(`${JSON.stringify(samples)}\n`);
})().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
