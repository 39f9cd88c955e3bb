/**
 * Our models' upgrade check: instances of each model as it was where this branch left `main` (git
 * merge-base: the version the branch changes) are driven through their wait states, and the working tree's
 * version must not strand any of them (src/process-test/upgrade). The decisions and forms of bpmn/ at that
 * commit are deployed with it. Without a `main` ref (a shallow CI clone) the working tree's own files are
 * deployed, which still proves the models can be driven through.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expectUpgradeStrandsNothing, useProcessTest } from '../../src/process-test';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

const ROOT = path.join(__dirname, '..', '..');

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });

/** the commit this branch left main at, or undefined when there is no main here */
function baseCommit(): string | undefined {
  try {
    return git('merge-base', 'HEAD', 'main').trim();
  } catch {
    return undefined;
  }
}

/** a file of bpmn/ as it was at the commit (the working tree's without one) */
function fileAt(commit: string | undefined, file: string): string {
  return commit ? git('show', `${commit}:${file}`) : readFileSync(path.join(ROOT, file), 'utf8');
}

/** the bpmn/ files of a kind at the commit */
function filesAt(commit: string | undefined, extension: string): string[] {
  const names = commit
    ? git('ls-tree', '--name-only', commit, 'bpmn/').split('\n')
    : readdirSync(path.join(ROOT, 'bpmn')).map((f) => `bpmn/${f}`);
  return names.filter((f) => f.endsWith(extension));
}

const MODELS = [
  {
    file: 'bpmn/order-fulfilment.bpmn',
    processId: 'order-fulfilment',
    variables: [{ orderId: 'upgrade-1', amount: 20, currency: 'EUR', items: [{ sku: 'sku-1', quantity: 1 }] }],
  },
  {
    file: 'bpmn/customer-onboarding.bpmn',
    processId: 'customer-onboarding',
    variables: [{ customerId: 'upgrade-c1' }],
  },
];

describeWithEngine('upgrading our models from the version this branch changes', () => {
  const suite = useProcessTest(startEngine, (cluster) => ({
    suite: 'model-upgrades',
    timeoutMs: cluster.engine ? 10_000 : 60_000,
    settleMs: settleMsFor(cluster),
    writeCoverage: false,
  }));

  const base = baseCommit();
  beforeAll(async () => {
    // what the models call: the decisions and forms as they were at the same commit
    for (const file of [...filesAt(base, '.dmn'), ...filesAt(base, '.form')]) {
      await suite.pt.api.deployResource(path.basename(file), fileAt(base, file));
    }
  });

  for (const model of MODELS) {
    it(`${model.processId}: the working tree's version strands no instance waiting on the version it changes`, async () => {
      const workingTree = readFileSync(path.join(ROOT, model.file), 'utf8');
      await suite.pt.api.deployResource(path.basename(model.file), fileAt(base, model.file));
      const report = await expectUpgradeStrandsNothing(suite.pt, {
        processDefinitionId: model.processId,
        newModelXml: workingTree,
        variables: model.variables,
      });
      expect(report.waitedAt.length).toBeGreaterThan(1);
      expect(report.stuckAt).toEqual([]);
    }, 120_000);
  }
});
