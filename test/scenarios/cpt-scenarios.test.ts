/**
 * Our models' paths as Camunda Process Test JSON test cases (test/scenarios/*.json, CPT's published schema):
 * each case is a jest test run by the toolkit's CPT runner (src/process-test/cpt) against the cluster
 * test/support/engine.ts picks, with mock job workers in place of the real ones.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createProcessTest, describeCptTestCases, type ProcessTest } from '../../src/process-test';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const BPMN_DIR = path.join(__dirname, '..', '..', 'bpmn');
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.json'))
  .map((f) => path.join(__dirname, f));

describeWithEngine('CPT JSON test cases', () => {
  let cluster: TestEngine;
  let pt: ProcessTest;

  beforeAll(async () => {
    cluster = await startEngine();
    pt = createProcessTest(cluster, {
      suite: 'cpt-scenarios',
      timeoutMs: cluster.engine ? 10_000 : 60_000,
      settleMs: settleMsFor(cluster),
    });
    for (const model of ['order-fulfilment.bpmn', 'customer-onboarding.bpmn']) {
      await cluster.zeebe.deployResource({ processFilename: path.join(BPMN_DIR, model) });
    }
    // the decision order-fulfilment calls (choose-carrier) and the onboarding's approval form
    await cluster.zeebe.deployResource({ decisionFilename: path.join(BPMN_DIR, 'shipping-carrier.dmn') });
    await cluster.zeebe.deployResource({ formFilename: path.join(BPMN_DIR, 'approve-large-tenant.form') });
  });

  afterAll(async () => {
    await pt?.stopMockJobWorkers();
    await pt?.writeCoverage();
    await cluster?.close();
  });

  describeCptTestCases(files, () => pt, 120_000);
});
