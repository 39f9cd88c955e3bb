/**
 * The process coverage report: a tiny model run down one branch of a gateway shows the other branch's
 * element and flows as not reached, in the table, coverage.json and index.html; the model reader counts
 * what is executable; flows are derived from element history where a server cannot list them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildCoverageReport,
  createProcessTest,
  derivedFlows,
  formatCoverageTable,
  type InstanceCoverage,
  type ProcessCoverageReport,
  readCoverageParts,
  readProcessModels,
  writeCoverageReport,
} from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const run = Date.now().toString(36);
const processId = `coverage-${run}`;

const branching = bpmnXml({
  id: processId,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="express"/>
    ${serviceTask('ship-express', `ship-express-${run}`)}${serviceTask('ship-standard', `ship-standard-${run}`)}
    <bpmn:endEvent id="shipped"/><bpmn:endEvent id="shipped-slowly"/>`,
  flows: [
    'start -> express',
    'express -> ship-express [= express]',
    'ship-express -> shipped',
    'express -> ship-standard [default]',
    'ship-standard -> shipped-slowly',
  ],
});

describe('reading a model for coverage', () => {
  it('counts flow nodes (subprocess content and boundary events included) and sequence flows, nothing else', () => {
    const [model] = readProcessModels(
      bpmnXml({
        id: 'nested',
        elements: `<bpmn:startEvent id="s"/>${serviceTask('t')}
          <bpmn:boundaryEvent id="t-timeout" attachedToRef="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-start"/><bpmn:endEvent id="sub-end"/>
            <bpmn:sequenceFlow id="inner" sourceRef="sub-start" targetRef="sub-end"/></bpmn:subProcess>
          <bpmn:endEvent id="e"/><bpmn:endEvent id="late"/>
          <bpmn:textAnnotation id="note"><bpmn:text>not executed</bpmn:text></bpmn:textAnnotation>`,
        flows: ['s -> t -> sub -> e', 't-timeout -> late'],
      }),
    );
    expect(model.processId).toBe('nested');
    expect(model.elements.map((e) => e.id).sort()).toEqual(
      ['e', 'late', 's', 'sub', 'sub-end', 'sub-start', 't', 't-timeout'].sort(),
    );
    expect(model.elements.find((e) => e.id === 't-timeout')?.type).toBe('boundaryEvent');
    expect(model.flows.map((f) => f.id).sort()).toEqual(
      ['flow_s_t', 'flow_sub_e', 'flow_t-timeout_late', 'flow_t_sub', 'inner'].sort(),
    );
    expect(model.flows.find((f) => f.id === 'inner')).toEqual({
      id: 'inner',
      sourceRef: 'sub-start',
      targetRef: 'sub-end',
    });
  });

  it('derives taken flows from element history: source completed, target entered after it', () => {
    const [model] = readProcessModels(branching);
    const instance: InstanceCoverage = {
      processInstanceKey: '1',
      processDefinitionId: processId,
      state: 'ACTIVE',
      elementIds: ['start', 'express', 'ship-express'],
      elements: [
        { elementId: 'start', elementInstanceKey: '10', state: 'COMPLETED' },
        { elementId: 'express', elementInstanceKey: '11', state: 'COMPLETED' },
        { elementId: 'ship-express', elementInstanceKey: '12', state: 'ACTIVE' },
      ],
    };
    expect(derivedFlows(instance, model.flows).sort()).toEqual(['flow_express_ship-express', 'flow_start_express']);
    // the flow out of an element still active is not taken
    expect(derivedFlows(instance, model.flows)).not.toContain('flow_ship-express_shipped');
    // a listed flow wins over the derivation
    expect(derivedFlows({ ...instance, flowIds: ['flow_start_express'] }, model.flows)).toEqual(['flow_start_express']);
  });
});

describeWithEngine('process coverage of a partly run model', () => {
  let cluster: TestEngine;
  let dir: string;
  let report: ProcessCoverageReport;
  const previousRun = process.env.PROCESS_COVERAGE_RUN;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'process-coverage-'));
    process.env.PROCESS_COVERAGE_RUN = 'coverage-test';
    const bpmnDir = path.join(dir, 'bpmn');
    mkdirSync(bpmnDir);
    writeFileSync(path.join(bpmnDir, 'branching.bpmn'), branching);

    cluster = await startEngine();
    const pt = createProcessTest(cluster, {
      suite: 'coverage test',
      coverageDir: path.join(dir, 'out'),
      settleMs: settleMsFor(cluster),
    });
    await cluster.zeebe.deployResource({ name: 'branching.bpmn', process: Buffer.from(branching) });
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: processId,
      variables: { express: true },
    });
    await pt.completeJob(`ship-express-${run}`, {}, { processInstanceKey });
    await pt.expectProcessInstance(processInstanceKey).toBeCompleted();
    await pt.writeCoverage();
    report = writeCoverageReport(path.join(dir, 'out'), bpmnDir) as ProcessCoverageReport;
  });
  afterAll(async () => {
    if (previousRun === undefined) delete process.env.PROCESS_COVERAGE_RUN;
    else process.env.PROCESS_COVERAGE_RUN = previousRun;
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores the suite's instances as a part", () => {
    const parts = readCoverageParts(path.join(dir, 'out'));
    expect(parts).toHaveLength(1);
    expect(parts[0].suite).toBe('coverage test');
    expect(parts[0].instances).toHaveLength(1);
    expect(parts[0].instances[0].elementIds.sort()).toEqual(['express', 'ship-express', 'shipped', 'start']);
    // the state comes from the process instance itself: Camunda stores no PROCESS element row
    expect(parts[0].instances[0].state).toBe('COMPLETED');
    expect(parts[0].instances[0].flowIds?.sort()).toEqual([
      'flow_express_ship-express',
      'flow_ship-express_shipped',
      'flow_start_express',
    ]);
  });

  it('shows the branch not taken as not reached, and the rest as reached', () => {
    const [model] = report.models;
    const status = Object.fromEntries(model.elements.map((e) => [e.id, e.reached]));
    expect(status).toEqual({
      start: true,
      express: true,
      'ship-express': true,
      shipped: true,
      'ship-standard': false,
      'shipped-slowly': false,
    });
    const flows = Object.fromEntries(model.flows.map((f) => [f.id, f.taken]));
    expect(flows).toEqual({
      flow_start_express: true,
      'flow_express_ship-express': true,
      'flow_ship-express_shipped': true,
      'flow_express_ship-standard': false,
      'flow_ship-standard_shipped-slowly': false,
    });
    expect(model).toMatchObject({ instances: 1, elementsReached: 4, flowsTaken: 3, flowsDerived: false });
    expect(model.coverage).toBeCloseTo(7 / 11);
  });

  it('prints a table naming what was not reached', () => {
    const table = formatCoverageTable(report);
    expect(table).toContain(`| ${processId} | 1         | 4/6 (66%) | 3/5 (60%)`);
    expect(table).toContain(`${processId}: elements not reached: ship-standard, shipped-slowly`);
    expect(table).toContain(
      `${processId}: sequence flows not taken: flow_express_ship-standard, flow_ship-standard_shipped-slowly`,
    );
  });

  it('writes coverage.json and index.html', () => {
    const json = JSON.parse(readFileSync(path.join(dir, 'out', 'coverage.json'), 'utf8')) as ProcessCoverageReport;
    expect(json.models.map((m) => [m.processId, m.elementsReached, m.flowsTaken])).toEqual([[processId, 4, 3]]);
    const html = readFileSync(path.join(dir, 'out', 'index.html'), 'utf8');
    expect(html).toContain('<tr class="no"><td><code>ship-standard</code>');
    expect(html).toContain('<tr class="yes"><td><code>ship-express</code>');
    expect(html).toContain('elements 4/6 · sequence flows 3/5');
  });

  it('merges instances: a second run down the other branch completes the coverage', () => {
    const [model] = readProcessModels(branching);
    const [first] = readCoverageParts(path.join(dir, 'out'))[0].instances;
    const other: InstanceCoverage = {
      processInstanceKey: '2',
      processDefinitionId: processId,
      state: 'COMPLETED',
      elementIds: ['start', 'express', 'ship-standard', 'shipped-slowly'],
      flowIds: ['flow_start_express', 'flow_express_ship-standard', 'flow_ship-standard_shipped-slowly'],
    };
    const merged = buildCoverageReport([{ file: 'branching.bpmn', models: [model] }], [first, other]).models[0];
    expect(merged).toMatchObject({ instances: 2, elementsReached: 6, flowsTaken: 5, coverage: 1 });
    expect(merged.elements.find((e) => e.id === 'start')?.instances).toBe(2);
  });
});
