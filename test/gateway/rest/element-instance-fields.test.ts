/**
 * Element instances through the unmodified @camunda8/orchestration-cluster-api client carry the 8.8 fields
 * and nothing else (no engine extension such as a completion counter), and never the process itself. A sort
 * by endDate breaks ties by the element instance key, as Camunda's searches do (many elements end in the same
 * millisecond).
 */
import { bpmnXml } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

/** ElementInstanceResult in @camunda8/orchestration-cluster-api 8.8 */
const FIELDS_8_8 = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementName',
  'type',
  'state',
  'hasIncident',
  'incidentKey',
  'startDate',
  'endDate',
  'elementInstanceScopeKey',
  'tenantId',
];

const xml = bpmnXml({
  id: 'fields-flow',
  elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>
    <bpmn:endEvent id="end-a"/><bpmn:endEvent id="end-b"/><bpmn:endEvent id="end-c"/>`,
  flows: ['start -> fork', 'fork -> end-a', 'fork -> end-b', 'fork -> end-c'],
});

type Item = Record<string, unknown> & { elementInstanceKey: string; elementId: string; endDate?: string };

describe('element instances: the 8.8 fields, no PROCESS row, endDate ties by key', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;
  let instanceKey: string;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await client.createDeployment({
      resources: [new File([xml], 'fields-flow.bpmn', { type: 'application/octet-stream' })],
    } as never);
    const created = (await client.createProcessInstance({
      processDefinitionId: 'fields-flow',
      awaitCompletion: true,
    } as never)) as { processInstanceKey: string };
    instanceKey = String(created.processInstanceKey);
  });
  afterAll(() => cluster?.close());

  const search = async (body: object) =>
    ((await client.searchElementInstances(body as never, NOW)) as unknown as { items: Item[] }).items;

  test('search items and GET carry only ElementInstanceResult fields', async () => {
    const items = await search({ filter: { processInstanceKey: instanceKey } });
    expect(items.length).toBe(5);
    for (const item of items) expect(Object.keys(item).filter((k) => !FIELDS_8_8.includes(k))).toEqual([]);
    const one = (await client.getElementInstance(
      { elementInstanceKey: items[0].elementInstanceKey } as never,
      NOW,
    )) as unknown as Item;
    expect(Object.keys(one).filter((k) => !FIELDS_8_8.includes(k))).toEqual([]);
  });

  test('the process instance is neither a search item nor found by GET', async () => {
    const items = await search({ filter: { processInstanceKey: instanceKey } });
    expect(items.map((i) => i.type)).not.toContain('PROCESS');
    await expect(client.getElementInstance({ elementInstanceKey: instanceKey } as never, NOW)).rejects.toMatchObject({
      status: 404,
    });
  });

  test('sorted by endDate: equal end dates in key order, ascending and descending', async () => {
    const keyOrder = (a: Item, b: Item) => (BigInt(a.elementInstanceKey) < BigInt(b.elementInstanceKey) ? -1 : 1);
    const expected = (items: Item[], direction: 1 | -1) =>
      [...items].sort(
        (a, b) => direction * (Date.parse(a.endDate ?? '') - Date.parse(b.endDate ?? '')) || keyOrder(a, b),
      );
    const asc = await search({ filter: { processInstanceKey: instanceKey }, sort: [{ field: 'endDate' }] });
    expect(asc.map((i) => i.elementInstanceKey)).toEqual(expected(asc, 1).map((i) => i.elementInstanceKey));
    const desc = await search({
      filter: { processInstanceKey: instanceKey },
      sort: [{ field: 'endDate', order: 'DESC' }],
    });
    expect(desc.map((i) => i.elementInstanceKey)).toEqual(expected(desc, -1).map((i) => i.elementInstanceKey));
  });
});
