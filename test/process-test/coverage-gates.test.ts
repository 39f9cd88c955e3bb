/**
 * Coverage v2 without a browser: coverage per test file and test case (from the tests that looked at the
 * instances, on a cluster), the gates (minCoverage, a baseline coverage must not fall below) and how the jest
 * teardown applies them: full runs only unless asked, a miss failing the run, the baseline updated on request.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  baselineOf,
  checkCoverage,
  type InstanceCoverage,
  type ProcessCoverageReport,
  readCoverageBaseline,
  readProcessModels,
  useProcessTest,
  writeCoveragePart,
} from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';
import reportProcessCoverage, { isFullRun } from './global-teardown';
import { happyOrder } from './order-coverage-fixture';

const ORDER_BPMN = path.join(__dirname, '..', '..', 'bpmn', 'order-fulfilment.bpmn');
/** runs the teardown over these instances in a scratch coverage directory */
function teardownWith(instances: InstanceCoverage[], env: Record<string, string>, selection = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'coverage-gates-'));
  const saved = { dir: process.env.PROCESS_COVERAGE_DIR, run: process.env.PROCESS_COVERAGE_RUN };
  process.env.PROCESS_COVERAGE_DIR = dir;
  process.env.PROCESS_COVERAGE_RUN = 'gates-test';
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    writeCoveragePart(dir, { suite: 'gates', instances });
    reportProcessCoverage(selection, env);
    return JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8')) as ProcessCoverageReport;
  } finally {
    log.mockRestore();
    for (const [name, value] of [
      ['PROCESS_COVERAGE_DIR', saved.dir],
      ['PROCESS_COVERAGE_RUN', saved.run],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('coverage gates', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'coverage-baseline-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const report = (coverage: number): ProcessCoverageReport => ({
    generatedAt: '',
    models: [
      {
        processId: 'p',
        file: 'p.bpmn',
        instances: 1,
        elements: [
          { id: 'a', type: 'task', reached: coverage > 0, instances: 1 },
          { id: 'b', type: 'task', reached: coverage >= 1, instances: 0 },
        ],
        flows: [],
        elementsReached: coverage >= 1 ? 2 : coverage > 0 ? 1 : 0,
        flowsTaken: 0,
        coverage,
        flowsDerived: false,
        files: [],
        tests: [],
      },
    ],
  });

  it('minCoverage: a model below the percentage fails, naming it; at or above passes', () => {
    expect(checkCoverage(report(0.5), { minCoverage: 60 })).toEqual(['p: coverage 50% is below the minimum of 60%']);
    expect(checkCoverage(report(0.5), { minCoverage: 50 })).toEqual([]);
  });

  it('the baseline: coverage falling below it fails, naming what is not reached; equal or higher passes', () => {
    expect(checkCoverage(report(0.5), { models: { p: 1 } })).toEqual([
      'p: coverage fell from 100% (baseline) to 50%; not reached: b',
    ]);
    expect(checkCoverage(report(1), { models: { p: 1 } })).toEqual([]);
    expect(checkCoverage(report(1), { models: { p: 0.5 } })).toEqual([]);
    expect(checkCoverage(report(0.5), { models: { other: 1 } })).toEqual([]);
    // a baseline written and read back compares equal
    const file = path.join(scratch, 'b.json');
    writeFileSync(file, JSON.stringify(baselineOf(report(2 / 3), 50)));
    expect(checkCoverage(report(2 / 3), readCoverageBaseline(file))).toEqual([]);
  });

  it('a baseline file of the wrong shape fails naming the field', () => {
    const file = path.join(scratch, 'bad.json');
    writeFileSync(file, JSON.stringify({ minCoverage: 150 }));
    expect(() => readCoverageBaseline(file)).toThrow(`${file}: minCoverage must be a percentage from 0 to 100`);
    writeFileSync(file, JSON.stringify({ models: { p: 2 } }));
    expect(() => readCoverageBaseline(file)).toThrow('models.p must be a coverage from 0 to 1');
  });

  it('only a full jest run is gated: a path, a name pattern or changed-files run is not', () => {
    expect(isFullRun({ testPathPattern: '', nonFlagArgs: [] })).toBe(true);
    expect(isFullRun({ testPathPattern: 'test/bpmn', nonFlagArgs: ['test/bpmn'] })).toBe(false);
    expect(isFullRun({ testPathPattern: '', testNamePattern: 'happy' })).toBe(false);
    expect(isFullRun({ onlyChanged: true })).toBe(false);
    expect(isFullRun(undefined)).toBe(false);
  });

  it('the teardown fails a full run whose coverage fell below the committed baseline, and passes a partial one', () => {
    const baseline = path.join(scratch, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ models: { 'order-fulfilment': 1 } }));
    const env = { PROCESS_COVERAGE_BASELINE: baseline };
    expect(() => teardownWith([happyOrder('1')], env, { testPathPattern: '' })).toThrow(
      /Process coverage gates failed .*\n {2}order-fulfilment: coverage fell from 100% \(baseline\) to [\d.]+%; not reached: .*refund-payment/,
    );
    expect(() => teardownWith([happyOrder('1')], env, { testPathPattern: 'test/bpmn' })).not.toThrow();
    expect(() =>
      teardownWith([happyOrder('1')], { ...env, PROCESS_COVERAGE_CHECK: 'always' }, { testPathPattern: 'x' }),
    ).toThrow(/coverage fell/);
    expect(() =>
      teardownWith([happyOrder('1')], { ...env, PROCESS_COVERAGE_MIN: '10', PROCESS_COVERAGE_CHECK: 'always' }),
    ).toThrow(/coverage fell/);
    writeFileSync(baseline, JSON.stringify({}));
    expect(() =>
      teardownWith([happyOrder('1')], { ...env, PROCESS_COVERAGE_MIN: '95', PROCESS_COVERAGE_CHECK: 'always' }),
    ).toThrow(/order-fulfilment: coverage [\d.]+% is below the minimum of 95%/);
    expect(() =>
      teardownWith([happyOrder('1')], { ...env, PROCESS_COVERAGE_MIN: 'lots', PROCESS_COVERAGE_CHECK: 'always' }),
    ).toThrow("PROCESS_COVERAGE_MIN must be a percentage from 0 to 100, got 'lots'");
  });

  it('PROCESS_COVERAGE_UPDATE_BASELINE=1 records the run as the baseline, keeping the threshold', () => {
    const baseline = path.join(scratch, 'update.json');
    writeFileSync(baseline, JSON.stringify({ minCoverage: 20, models: { 'order-fulfilment': 1 } }));
    const written = teardownWith([happyOrder('1')], {
      PROCESS_COVERAGE_BASELINE: baseline,
      PROCESS_COVERAGE_UPDATE_BASELINE: '1',
    });
    const order = written.models.find((m) => m.processId === 'order-fulfilment');
    expect(readCoverageBaseline(baseline)).toEqual({
      minCoverage: 20,
      models: { 'customer-onboarding': 0, 'order-fulfilment': order?.coverage },
    });
  });

  it('the committed baseline reads, and covers the models in bpmn/', () => {
    const committed = readCoverageBaseline(path.join(__dirname, '..', 'process-coverage-baseline.json'));
    const ids = readProcessModels(readFileSync(ORDER_BPMN, 'utf8')).map((m) => m.processId);
    expect(Object.keys(committed.models ?? {})).toEqual(expect.arrayContaining(ids));
  });
});

const run = Date.now().toString(36);
const processId = `by-test-${run}`;
const branching = bpmnXml({
  id: processId,
  elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="express"/>
    ${serviceTask('ship-express', `bt-express-${run}`)}<bpmn:endEvent id="shipped"/><bpmn:endEvent id="slow"/>`,
  flows: [
    'start -> express',
    'express -> ship-express [= express]',
    'ship-express -> shipped',
    'express -> slow [default]',
  ],
});

describeWithEngine('coverage per test file and per test case', () => {
  const suite = useProcessTest(startEngine, (cluster) => ({
    settleMs: settleMsFor(cluster as never),
    writeCoverage: false,
  }));
  const models = () => [{ file: 'branching.bpmn', models: readProcessModels(branching) }];

  beforeAll(async () => {
    await suite.cluster.zeebe.deployResource({ name: 'branching.bpmn', process: Buffer.from(branching) });
  });

  it('takes the express branch', async () => {
    const key = await suite.pt.api.createProcessInstance(processId, { express: true });
    await suite.pt.completeJob(`bt-express-${run}`, {}, { processInstanceKey: key });
    await suite.pt.expectProcessInstance(key).toBeCompleted();
  });

  it('takes the slow branch', async () => {
    const key = await suite.pt.api.createProcessInstance(processId, { express: false });
    await suite.pt.expectProcessInstance(key).toBeCompleted();
  });

  it('reports each test case and the file with what its instances reached', async () => {
    const [model] = (await suite.pt.coverageReport(models())).models;
    const file = path.relative(process.cwd(), __filename);
    const name = (test: string) => `coverage per test file and per test case ${test}`;
    expect(model.tests.map((t) => [t.file, t.name, t.elementIds])).toEqual([
      [file, name('takes the express branch'), ['express', 'ship-express', 'shipped', 'start']],
      [file, name('takes the slow branch'), ['express', 'slow', 'start']],
    ]);
    expect(model.tests[1].flowIds).toEqual(['flow_express_slow', 'flow_start_express']);
    expect(model.tests[1].coverage).toBeCloseTo(5 / 9);
    expect(model.files).toEqual([expect.objectContaining({ file, instances: 2, coverage: 1 })]);
    expect(model.files[0].name).toBeUndefined();
  });
});
