/**
 * Our models' paths as Camunda Process Test JSON test cases (test/scenarios/*.json, CPT's published schema):
 * each case is a jest test run by the toolkit's CPT runner (src/process-test/cpt) against the cluster
 * test/support/engine.ts picks, with mock job workers in place of the real ones.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describeCptTestCases, useProcessTest } from '../../src/process-test';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const BPMN_DIR = path.join(__dirname, '..', '..', 'bpmn');
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.json'))
  .map((f) => path.join(__dirname, f));

describeWithEngine('CPT JSON test cases', () => {
  // beforeAll starts the cluster and the toolkit; each case cleans up after itself; afterAll writes coverage
  const suite = useProcessTest(startEngine, (cluster) => ({
    suite: 'cpt-scenarios',
    timeoutMs: cluster.engine ? 10_000 : 60_000,
    settleMs: settleMsFor(cluster),
  }));

  beforeAll(async () => {
    for (const model of ['order-fulfilment.bpmn', 'customer-onboarding.bpmn']) {
      await suite.cluster.zeebe.deployResource({ processFilename: path.join(BPMN_DIR, model) });
    }
    // the decision order-fulfilment calls (choose-carrier) and the onboarding's approval form
    await suite.cluster.zeebe.deployResource({ decisionFilename: path.join(BPMN_DIR, 'shipping-carrier.dmn') });
    await suite.cluster.zeebe.deployResource({ formFilename: path.join(BPMN_DIR, 'approve-large-tenant.form') });
  });

  describeCptTestCases(files, () => suite.pt, 120_000);
});
