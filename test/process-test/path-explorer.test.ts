/**
 * The path explorer: our models' paths start to end (boundary events and event subprocesses included,
 * compensation handlers not), loops bounded, subprocesses walked through, which paths the coverage data
 * shows untested, and a CPT skeleton per untested path that runs as a test case.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkCptTestCases,
  checkInstructions,
  explorePaths,
  formatPath,
  pathSkeleton,
  readProcessModels,
  runCptTestCase,
  untestedPaths,
  useProcessTest,
} from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';
import { happyOrder } from './order-coverage-fixture';

const model = (file: string) =>
  readProcessModels(readFileSync(path.join(__dirname, '..', '..', 'bpmn', file), 'utf8'))[0];

describe('the path explorer', () => {
  it("enumerates order-fulfilment's paths: happy, SLA breach, payment declined, the failure handler and cancellation", () => {
    const explored = explorePaths(model('order-fulfilment.bpmn'));
    expect(explored.truncated).toBe(false);
    expect(explored.paths.map(formatPath)).toEqual([
      'order-received → register-order → charge-payment → reserve-inventory → choose-carrier → create-shipment → notify-customer → mark-order-completed → order-completed',
      'order-received → register-order → charge-payment → reserve-inventory → choose-carrier → create-shipment → shipment-sla-breached → escalate-shipment → void-late-shipment → shipment-timed-out',
      'order-received → register-order → charge-payment → payment-declined → mark-order-rejected → order-rejected',
      'order-failed → undo-shipment → undo-reservation → undo-payment → mark-order-cancelled → order-cancelled',
      'cancellation-requested → void-shipment-on-cancel → undo-reservation-on-cancel → undo-payment-on-cancel → mark-order-cancelled-on-request → order-cancelled-on-request',
    ]);
    expect(explored.paths[2].flowIds).toEqual([
      'to-register-order',
      'to-charge-payment',
      'to-mark-order-rejected',
      'to-order-rejected',
    ]);
  });

  it('bounds loops: each element entered at most maxLoops + 1 times on one path', () => {
    const looping = readProcessModels(
      bpmnXml({
        id: 'loop',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('pack')}<bpmn:exclusiveGateway id="again"/><bpmn:endEvent id="end"/>`,
        flows: ['start -> pack -> again', 'again -> end [default]', 'again -> pack [= again]'],
      }),
    )[0];
    expect(explorePaths(looping, { maxLoops: 0 }).paths.map(formatPath)).toEqual(['start → pack → again → end']);
    expect(explorePaths(looping, { maxLoops: 1 }).paths.map(formatPath)).toEqual([
      'start → pack → again → end',
      'start → pack → again → pack → again → end',
    ]);
    expect(explorePaths(looping, { maxLoops: 5, maxPaths: 3 })).toMatchObject({ truncated: true });
  });

  it('walks into a subprocess and out after it, or out through a boundary event', () => {
    const nested = readProcessModels(
      bpmnXml({
        id: 'nested',
        elements: `<bpmn:startEvent id="s"/><bpmn:subProcess id="sub"><bpmn:startEvent id="in"/>${serviceTask('work')}<bpmn:endEvent id="out"/>
            <bpmn:sequenceFlow id="f-in" sourceRef="in" targetRef="work"/><bpmn:sequenceFlow id="f-out" sourceRef="work" targetRef="out"/></bpmn:subProcess>
          <bpmn:boundaryEvent id="late" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          <bpmn:endEvent id="e"/><bpmn:endEvent id="e-late"/>`,
        flows: ['s -> sub -> e', 'late -> e-late'],
      }),
    )[0];
    expect(explorePaths(nested).paths.map(formatPath)).toEqual([
      's → sub → in → work → out → e',
      's → sub → in → work → out → late → e-late',
    ]);
  });

  it('shows the paths no instance took whole', () => {
    const orders = model('order-fulfilment.bpmn');
    const explored = explorePaths(orders);
    expect(untestedPaths(explored, orders, [])).toHaveLength(5);
    const untested = untestedPaths(explored, orders, [happyOrder('1')]);
    expect(untested.map((p) => p.elementIds[p.elementIds.length - 1])).toEqual([
      'shipment-timed-out',
      'order-rejected',
      'order-cancelled',
      'order-cancelled-on-request',
    ]);
    // an instance that reached the elements of two paths covers neither unless it took each path whole
    const partial = { ...happyOrder('2'), flowIds: ['to-register-order'] };
    expect(untestedPaths(explored, orders, [partial])).toHaveLength(5);
  });

  it('writes a CPT skeleton per untested path, a valid test case file', () => {
    const orders = model('order-fulfilment.bpmn');
    const explored = explorePaths(orders);
    const cases = untestedPaths(explored, orders, [happyOrder('1')]).map((p, n) =>
      pathSkeleton('order-fulfilment', p, n + 1),
    );
    const file = checkCptTestCases({ testCases: cases });
    for (const testCase of file.testCases) expect(() => checkInstructions(testCase)).not.toThrow();
    expect(cases[1]).toMatchObject({
      name: 'order-fulfilment path 2: order-rejected',
      description: expect.stringContaining('TODO: drive the instance along order-received → register-order'),
    });
  });
});

const run = Date.now().toString(36);
const branching = bpmnXml({
  id: `paths-${run}`,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="express"/>${serviceTask('ship', `paths-ship-${run}`)}
    <bpmn:endEvent id="shipped"/><bpmn:endEvent id="slow"/>`,
  flows: ['start -> express', 'express -> ship [= express = true]', 'ship -> shipped', 'express -> slow [default]'],
});

describeWithEngine('path skeletons on a cluster', () => {
  const suite = useProcessTest(startEngine, (cluster) => ({
    settleMs: settleMsFor(cluster as never),
    writeCoverage: false,
  }));

  it('the skeleton of a path that needs no driving passes as it is; coverage then shows that path tested', async () => {
    await suite.cluster.zeebe.deployResource({ name: 'paths.bpmn', process: Buffer.from(branching) });
    const [m] = readProcessModels(branching);
    const explored = explorePaths(m);
    const slow = explored.paths.find((p) => p.elementIds.includes('slow'));
    expect(slow).toBeDefined();
    await runCptTestCase(suite.pt, pathSkeleton(m.processId, slow as never, 1));
    const instances = (await suite.pt.coverageReport([{ file: 'paths.bpmn', models: [m] }])).models[0];
    expect(
      instances.elements
        .filter((e) => e.reached)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['express', 'slow', 'start']);
  });
});
