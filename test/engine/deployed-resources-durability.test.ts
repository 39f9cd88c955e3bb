/**
 * Issue 21: deployed decisions and forms are durable. A restart replays the journal's deploys into the same
 * keys and versions; a snapshot holds them (and restores them with no journal records after it); and a
 * redeploy after either is still recognised as a duplicate. Snapshots written before decisions existed still
 * load (test/engine/snapshot-v1-restore.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, openEngine } from '../../src/engine/engine';
import { dmnXml, formJson, sizeTable } from '../support/dmn-and-form';
import { recordingLogger, silent } from './snapshot-fixture';

const dmn = dmnXml('durable-rules', { size: sizeTable(), tier: sizeTable('tier') }, 'Durable rules');
const form = formJson('durable-form');

const resourcesOf = (e: Engine) => ({
  decisions: [...(e.listDecisionDefinitions?.() ?? [])],
  requirements: [...(e.listDecisionRequirements?.() ?? [])],
  forms: [...(e.listForms?.() ?? [])],
  xml: e.listDecisionRequirements
    ? [...e.listDecisionRequirements()].map((r) => e.getDecisionRequirementsXml?.(r.decisionRequirementsKey))
    : [],
});

describe('deployed decisions and forms survive a restart', () => {
  let dir: string;
  let engine: Engine | undefined;
  const reopen = async (logger = silent) => {
    engine?.close();
    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    return engine;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-resources-'));
  });
  afterEach(() => {
    engine?.close();
    engine = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const deployBoth = async (e: Engine, formText = form) => {
    const deployment = await e.deploy([
      { name: 'rules.dmn', content: dmn },
      { name: 'approve.form', content: formText },
    ]);
    await e.durable?.();
    return deployment;
  };

  test('journal replay: the same keys and versions; redeploying the same content is a duplicate', async () => {
    let e = await reopen();
    const first = await deployBoth(e);
    const changed = await deployBoth(e, formJson('durable-form', 'Changed'));
    const before = resourcesOf(e);
    expect(before.decisions).toHaveLength(2);
    expect(before.forms.map((f) => f.version)).toEqual([1, 2]);

    e = await reopen();
    expect(resourcesOf(e)).toEqual(before);
    const again = await deployBoth(e, formJson('durable-form', 'Changed'));
    expect(again.decisionRequirements).toEqual(first.decisionRequirements);
    expect(again.forms).toEqual(changed.forms);
  });

  test('snapshot: decisions, DRGs with their XML and forms restore from it alone', async () => {
    let e = await reopen();
    const first = await deployBoth(e);
    const before = resourcesOf(e);
    expect(e.snapshot()).toBe(true);
    const log = recordingLogger();
    e = await reopen(log.logger);
    const restored = log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal');
    expect(restored?.snapshot).toBeDefined();
    expect(resourcesOf(e)).toEqual(before);
    expect((await deployBoth(e)).decisions).toEqual(first.decisions);
  });
});
