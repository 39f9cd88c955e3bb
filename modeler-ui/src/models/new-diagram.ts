/**
 * The diagram "New diagram" opens: a start event joined to an end event in an executable process for Camunda
 * 8.8 — the smallest process that lints clean, so a new diagram opens with no problems showing and the person
 * adds steps between the two.
 */
function randomId(): string {
  return Math.random().toString(36).slice(2, 9);
}

export function newDiagramXml(): string {
  const id = randomId();
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Baton Modeler" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="Process_${id}" name="New process" isExecutable="true">
    <bpmn:startEvent id="StartEvent_${id}" name="Started">
      <bpmn:outgoing>Flow_${id}</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:endEvent id="EndEvent_${id}" name="Finished">
      <bpmn:incoming>Flow_${id}</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_${id}" sourceRef="StartEvent_${id}" targetRef="EndEvent_${id}" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_${id}">
    <bpmndi:BPMNPlane id="BPMNPlane_${id}" bpmnElement="Process_${id}">
      <bpmndi:BPMNShape id="StartEvent_${id}_di" bpmnElement="StartEvent_${id}">
        <dc:Bounds x="182" y="162" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="181" y="205" width="38" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_${id}_di" bpmnElement="EndEvent_${id}">
        <dc:Bounds x="602" y="162" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="598" y="205" width="44" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_${id}_di" bpmnElement="Flow_${id}">
        <di:waypoint x="218" y="180" />
        <di:waypoint x="602" y="180" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
