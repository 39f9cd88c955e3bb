/**
 * Element instances through the unmodified @camunda8/orchestration-cluster-api client carry the 8.8 fields
 * and nothing else (no engine extension such as a completion counter), and never the process itself. A sort
 * by endDate lists elements that ended in the same millisecond in the order they ended (docs/divergences.md).
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

const nested = bpmnXml({
  id: 'fields-nested',
  elements: `<bpmn:startEvent id="start"/><bpmn:subProcess id="sub"><bpmn:startEvent id="inner-start"/><bpmn:endEvent id="inner-end"/>
    <bpmn:sequenceFlow id="inner" sourceRef="inner-start" targetRef="inner-end"/></bpmn:subProcess><bpmn:endEvent id="end"/>`,
  flows: ['start -> sub -> end'],
});

type Item = Record<string, unknown> & { elementInstanceKey: string; elementId: string; endDate?: string };

describe('element instances: the 8.8 fields, no PROCESS row, endDate ties in end order', () => {
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

  test('sorted by endDate: elements ending in the same millisecond are listed in the order they ended', async () => {
    // a sub-process ends after its end event although its key is smaller: the pinned clock makes every end tie
    cluster.engine.clock.pin(Date.now());
    try {
      await client.createDeployment({
        resources: [new File([nested], 'fields-nested.bpmn', { type: 'application/octet-stream' })],
      } as never);
      const created = (await client.createProcessInstance({
        processDefinitionId: 'fields-nested',
        awaitCompletion: true,
      } as never)) as { processInstanceKey: string };
      const asc = await search({
        filter: { processInstanceKey: String(created.processInstanceKey) },
        sort: [{ field: 'endDate' }],
      });
      expect(new Set(asc.map((i) => i.endDate)).size).toBe(1);
      expect(asc.map((i) => i.elementId)).toEqual(['start', 'inner-start', 'inner-end', 'sub', 'end']);
    } finally {
      cluster.engine.clock.reset();
    }
  });
});
