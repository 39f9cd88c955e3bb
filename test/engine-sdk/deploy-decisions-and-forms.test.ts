/**
 * Issue 21, points 1 and 2 (deploy side), through the unmodified SDK's DeployResource and DeleteResource:
 * a .dmn deploys as a decision requirements graph with its decisions and a .form as a form, with Zeebe's
 * metadata, versioning (a duplicate returns the existing keys, a change a new version of the DRG and every
 * decision in it) and rejections; deleting a DRG by its key removes it and its decisions.
 */

import { describeWithEngine } from '../support/describe-with-engine';
import { dmnXml, formJson, sizeTable } from '../support/dmn-and-form';
import { sdkCluster } from './sdk-cluster';
import { uniqueName as t } from './zeebe-harness';

/** the SDK's DecisionDeployment type leaves out the decisionRequirements its zeebe.proto answers */
interface DrgMetadata {
  dmnDecisionRequirementsId: string;
  dmnDecisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: string;
  resourceName: string;
  tenantId: string;
}
const drgOf = (entry: unknown) => (entry as { decisionRequirements?: DrgMetadata } | undefined)?.decisionRequirements;

describeWithEngine('deploying decisions and forms through the SDK', () => {
  const sdk = sdkCluster();

  test('a .dmn answers its DRG and decisions; a duplicate keeps the keys; a change makes version 2 of each', async () => {
    const { zeebe } = sdk;
    const xml = dmnXml(t('pricing'), { [t('size')]: sizeTable(), [t('tier')]: sizeTable('tier') }, 'Pricing');
    const first = await zeebe.deployResource({ name: 'pricing.dmn', decision: Buffer.from(xml) });
    const decisions = first.deployments.flatMap((d) => (d.decision ? [d.decision] : []));
    const drgs = first.deployments.flatMap((d) => (drgOf(d) ? [drgOf(d) as DrgMetadata] : []));
    expect(drgs).toEqual([
      {
        dmnDecisionRequirementsId: t('pricing'),
        dmnDecisionRequirementsName: 'Pricing',
        version: 1,
        decisionRequirementsKey: expect.stringMatching(/^\d+$/),
        resourceName: 'pricing.dmn',
        tenantId: '<default>',
      },
    ]);
    expect(decisions).toEqual(
      [t('size'), t('tier')].map((id) => ({
        dmnDecisionId: id,
        dmnDecisionName: id,
        version: 1,
        decisionKey: expect.stringMatching(/^\d+$/),
        dmnDecisionRequirementsId: t('pricing'),
        decisionRequirementsKey: drgs[0].decisionRequirementsKey,
        tenantId: '<default>',
      })),
    );
    // the deployments list processes, then decisions, then DRGs (Zeebe's gateway order)
    expect(first.deployments.map((d) => (d as { Metadata?: string }).Metadata)).toEqual([
      'decision',
      'decision',
      'decisionRequirements',
    ]);

    const again = await zeebe.deployResource({ name: 'pricing.dmn', decision: Buffer.from(xml) });
    expect(again.deployments).toEqual(first.deployments);
    expect(again.key).not.toBe(first.key);

    const changed = dmnXml(
      t('pricing'),
      { [t('size')]: sizeTable('bucket'), [t('tier')]: sizeTable('tier') },
      'Pricing',
    );
    const second = await zeebe.deployResource({ name: 'pricing.dmn', decision: Buffer.from(changed) });
    const v2 = second.deployments.flatMap((d) => (d.decision ? [d.decision] : []));
    const v2drg = drgOf(second.deployments.find(drgOf));
    expect(v2drg?.version).toBe(2);
    expect(v2drg?.decisionRequirementsKey).not.toBe(drgs[0].decisionRequirementsKey);
    expect(v2.map((d) => [d.dmnDecisionId, d.version, d.decisionRequirementsKey])).toEqual([
      [t('size'), 2, v2drg?.decisionRequirementsKey],
      [t('tier'), 2, v2drg?.decisionRequirementsKey],
    ]);
  });

  test('a .form answers its form metadata, versioned by its id', async () => {
    const { zeebe } = sdk;
    const first = await zeebe.deployResource({ name: 'approve.form', form: Buffer.from(formJson(t('approve'))) });
    expect(first.deployments.map((d) => d.form)).toEqual([
      {
        formId: t('approve'),
        version: 1,
        formKey: expect.stringMatching(/^\d+$/),
        resourceName: 'approve.form',
        tenantId: '<default>',
      },
    ]);
    const same = await zeebe.deployResource({ name: 'approve.form', form: Buffer.from(formJson(t('approve'))) });
    expect(same.deployments).toEqual(first.deployments);
    const changed = await zeebe.deployResource({
      name: 'approve.form',
      form: Buffer.from(formJson(t('approve'), 'Signed off by')),
    });
    expect(changed.deployments[0].form?.version).toBe(2);
    expect(changed.deployments[0].form?.formKey).not.toBe(first.deployments[0].form?.formKey);
  });

  test('rejections in Zeebe words: invalid DMN, a decision id in two DRGs of one deployment, a form without id', async () => {
    const { zeebe } = sdk;
    const prefix = 'Expected to deploy new resources, but encountered the following errors:';
    await expect(
      zeebe.deployResource({ name: 'broken.dmn', decision: Buffer.from('<definitions>not dmn') }),
    ).rejects.toThrow(
      /INVALID_ARGUMENT.*Expected to deploy new resources, but encountered the following errors:\n'broken.dmn': /s,
    );
    await expect(
      zeebe.deployResources([
        { name: 'a.dmn', decision: Buffer.from(dmnXml(t('drg-a'), { [t('shared')]: sizeTable() })) },
        { name: 'b.dmn', decision: Buffer.from(dmnXml(t('drg-b'), { [t('shared')]: sizeTable() })) },
      ]),
    ).rejects.toThrow(
      `${prefix}\nExpected the decision ids to be unique within a deployment but found a duplicated id '${t('shared')}' in the resources 'a.dmn' and 'b.dmn'.`,
    );
    await expect(
      zeebe.deployResources([
        { name: 'a.dmn', decision: Buffer.from(dmnXml(t('drg-same'), { [t('one')]: sizeTable() })) },
        { name: 'b.dmn', decision: Buffer.from(dmnXml(t('drg-same'), { [t('two')]: sizeTable() })) },
      ]),
    ).rejects.toThrow(
      `${prefix}\nExpected the decision requirements ids to be unique within a deployment but found a duplicated id '${t('drg-same')}' in the resources 'a.dmn' and 'b.dmn'.`,
    );
    await expect(
      zeebe.deployResource({ name: 'anonymous.form', form: Buffer.from('{"components":[]}') }),
    ).rejects.toThrow(`${prefix}\nExpected the form id to be present, but none given`);
  });

  test('deleting a DRG by its key deletes it and its decisions; the next deploy is version 2', async () => {
    const { zeebe } = sdk;
    const xml = dmnXml(t('gone'), { [t('gone-size')]: sizeTable() });
    const first = await zeebe.deployResource({ name: 'gone.dmn', decision: Buffer.from(xml) });
    const drg = drgOf(first.deployments.find(drgOf));
    await zeebe.deleteResource({ resourceKey: drg?.decisionRequirementsKey as string });
    await expect(zeebe.deleteResource({ resourceKey: drg?.decisionRequirementsKey as string })).rejects.toThrow(
      /NOT_FOUND/,
    );
    const redeployed = await zeebe.deployResource({ name: 'gone.dmn', decision: Buffer.from(xml) });
    const again = drgOf(redeployed.deployments.find(drgOf));
    expect(again?.version).toBe(2);
    expect(again?.decisionRequirementsKey).not.toBe(drg?.decisionRequirementsKey);
  });
});
