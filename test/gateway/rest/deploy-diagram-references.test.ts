/**
 * Deploy through the unmodified @camunda8/orchestration-cluster-api client: a reference of the diagram
 * (bpmndi) to an element that is not there — a BPMNPlane naming a process id renamed since, a shape left
 * behind — does not stop Zeebe, which executes the process and ignores the diagram. A reference the
 * process itself needs (a sequence flow's target, an event's message) stays a rejection.
 */
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { type RestClient, restClientFor } from '../../support/rest-client';

const definitions = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
${body}
</bpmn:definitions>`;

const process = (id: string, target = 'end') => `<bpmn:process id="${id}" isExecutable="true">
  <bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="flow" sourceRef="start" targetRef="${target}"/>
</bpmn:process>`;

/** a diagram drawn when the process had another id, with a shape of an element deleted since */
const staleDiagram = `<bpmndi:BPMNDiagram id="diagram">
  <bpmndi:BPMNPlane id="plane" bpmnElement="old-process-id">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="gone_di" bpmnElement="deleted-task"><dc:Bounds x="200" y="80" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="gone_edge" bpmnElement="deleted-flow"><di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane>
</bpmndi:BPMNDiagram>`;

describe('deploy: unresolved diagram references are not fatal, process references are', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
  });
  afterAll(() => cluster?.close());

  const deploy = (name: string, xml: string) =>
    client.createDeployment({ resources: [new File([xml], name, { type: 'application/octet-stream' })] } as never);

  test('a BPMNPlane naming an old process id and stale shapes: deployed, and the process runs', async () => {
    const deployed = (await deploy('renamed.bpmn', definitions(process('renamed-process') + staleDiagram))) as {
      processes: { processDefinitionId: string }[];
    };
    expect(deployed.processes.map((p) => p.processDefinitionId)).toEqual(['renamed-process']);
    const created = (await client.createProcessInstance({
      processDefinitionId: 'renamed-process',
      awaitCompletion: true,
    } as never)) as { processInstanceKey: string };
    expect(created.processInstanceKey).toMatch(/^\d+$/);
  });

  test('a sequence flow to a missing element: 400 naming the reference', async () => {
    await expect(deploy('broken.bpmn', definitions(process('broken-flow', 'missing-end')))).rejects.toMatchObject({
      status: 400,
    });
    const raw = await fetch(`${cluster.restAddress}/v2/deployments`, {
      method: 'POST',
      body: (() => {
        const form = new FormData();
        form.append('resources', new Blob([definitions(process('broken-flow', 'missing-end'))]), 'broken.bpmn');
        return form;
      })(),
    });
    expect(raw.status).toBe(400);
    expect((await raw.json()).detail).toMatch(/missing-end/);
  });
});
