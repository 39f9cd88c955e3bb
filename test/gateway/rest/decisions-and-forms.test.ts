/**
 * Issue 21, points 1 and 2 (read side), through the unmodified `@camunda8/orchestration-cluster-api` client:
 * POST /v2/deployments answers a .dmn's decision definitions and decision requirements and a .form's form,
 * the decision definition and decision requirements searches filter, sort and page like the other searches,
 * their GETs answer one item and the DRG's XML, and GET /v2/forms/{formKey} answers the form with its schema.
 */
import { dmnXml, formJson, sizeTable } from '../../support/dmn-and-form';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

describe('decisions and forms over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
  });
  afterAll(() => cluster?.close());

  const deploy = (...files: [string, string][]) =>
    client.createDeployment({
      resources: files.map(([name, text]) => new File([text], name, { type: 'application/octet-stream' })),
    } as never);

  test('deploy answers decisionDefinition, decisionRequirements and form entries', async () => {
    const xml = dmnXml(id('rates'), { [id('rate')]: sizeTable() }, 'Rates');
    const deployed = await deploy(['rates.dmn', xml], ['rates.form', formJson(id('rates-form'))]);
    expect(deployed.decisionRequirements).toEqual([
      {
        decisionRequirementsId: id('rates'),
        version: 1,
        decisionRequirementsName: 'Rates',
        tenantId: '<default>',
        resourceName: 'rates.dmn',
        decisionRequirementsKey: expect.stringMatching(/^\d+$/),
      },
    ]);
    expect(deployed.decisions).toEqual([
      {
        decisionDefinitionId: id('rate'),
        version: 1,
        name: id('rate'),
        tenantId: '<default>',
        decisionRequirementsId: id('rates'),
        decisionDefinitionKey: expect.stringMatching(/^\d+$/),
        decisionRequirementsKey: deployed.decisionRequirements[0].decisionRequirementsKey,
      },
    ]);
    expect(deployed.forms).toEqual([
      {
        formId: id('rates-form'),
        version: 1,
        resourceName: 'rates.form',
        tenantId: '<default>',
        formKey: expect.stringMatching(/^\d+$/),
      },
    ]);
  });

  test('decision definitions and requirements: search, get, XML', async () => {
    const v1 = dmnXml(id('fees'), { [id('fee')]: sizeTable(), [id('band')]: sizeTable('band') }, 'Fees');
    const v2 = dmnXml(id('fees'), { [id('fee')]: sizeTable('charge'), [id('band')]: sizeTable('band') }, 'Fees');
    await deploy(['fees.dmn', v1]);
    const second = await deploy(['fees.dmn', v2]);
    const drgKey = second.decisionRequirements[0].decisionRequirementsKey;

    const fees = await client.searchDecisionDefinitions(
      { filter: { decisionDefinitionId: id('fee') }, sort: [{ field: 'version', order: 'DESC' }] } as never,
      NOW,
    );
    expect((fees.items ?? []).map((d) => [d.decisionDefinitionId, d.version])).toEqual([
      [id('fee'), 2],
      [id('fee'), 1],
    ]);
    expect(fees.page.totalItems).toBe(2);
    const ofDrg = await client.searchDecisionDefinitions(
      { filter: { decisionRequirementsKey: drgKey }, page: { limit: 1 } } as never,
      NOW,
    );
    expect(ofDrg.page.totalItems).toBe(2);
    expect(ofDrg.items).toHaveLength(1);

    const fee = second.decisions.find((d) => d.decisionDefinitionId === id('fee'));
    const one = await client.getDecisionDefinition({ decisionDefinitionKey: fee?.decisionDefinitionKey } as never, NOW);
    expect(one).toEqual(fee);
    const xml = await client.getDecisionDefinitionXml(
      { decisionDefinitionKey: fee?.decisionDefinitionKey } as never,
      NOW,
    );
    expect(String(xml)).toBe(v2);

    const drgs = await client.searchDecisionRequirements(
      { filter: { decisionRequirementsId: id('fees') } } as never,
      NOW,
    );
    expect((drgs.items ?? []).map((r) => [r.decisionRequirementsName, r.version, r.resourceName])).toEqual([
      ['Fees', 1, 'fees.dmn'],
      ['Fees', 2, 'fees.dmn'],
    ]);
    const drg = await client.getDecisionRequirements({ decisionRequirementsKey: drgKey } as never, NOW);
    expect(drg).toEqual(second.decisionRequirements[0]);
    expect(String(await client.getDecisionRequirementsXml({ decisionRequirementsKey: drgKey } as never, NOW))).toBe(v2);

    await expect(
      client.getDecisionDefinition({ decisionDefinitionKey: '2251799813999999' } as never, NOW),
    ).rejects.toThrow();
    await expect(
      client.searchDecisionDefinitions({ filter: { processDefinitionId: 'x' } } as never, NOW),
    ).rejects.toThrow();
  });

  test('POST /v2/resources/{key}/deletion deletes a DRG with its decisions, and a form', async () => {
    const deployed = await deploy(
      ['temp.dmn', dmnXml(id('temp'), { [id('temp-rate')]: sizeTable() })],
      ['temp.form', formJson(id('temp-form'))],
    );
    const drgKey = deployed.decisionRequirements[0].decisionRequirementsKey;
    await client.deleteResource({ resourceKey: drgKey } as never);
    await client.deleteResource({ resourceKey: deployed.forms[0].formKey } as never);
    const left = await client.searchDecisionDefinitions({ filter: { decisionRequirementsKey: drgKey } } as never, NOW);
    expect(left.items).toEqual([]);
    await expect(client.getDecisionRequirements({ decisionRequirementsKey: drgKey } as never, NOW)).rejects.toThrow();
    expect((await fetch(`${cluster.restAddress}/v2/forms/${deployed.forms[0].formKey}`)).status).toBe(404);
  });

  test('GET /v2/forms/{formKey} answers the form and its schema; an unknown key is 404', async () => {
    const text = formJson(id('signoff'), 'Signed off by');
    const deployed = await deploy(['signoff.form', text]);
    const formKey = deployed.forms[0].formKey;
    const res = await fetch(`${cluster.restAddress}/v2/forms/${formKey}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenantId: '<default>',
      formId: id('signoff'),
      schema: JSON.parse(text),
      version: 1,
      formKey,
    });
    expect((await fetch(`${cluster.restAddress}/v2/forms/2251799813999999`)).status).toBe(404);
  });
});
