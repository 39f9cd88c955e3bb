import type { Engine } from '../../src/engine/engine';
import { dmnXml, formJson, sizeTable } from '../support/dmn-and-form';
import { restartableEngine } from '../support/restartable-engine';
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
  const restart = restartableEngine('baton-resources-');
  const reopen = (logger = silent) => restart.reopen({ logger });

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
