/** The diagram "New diagram" opens: one start event in an executable process for Camunda 8.8. */
function randomId(): string {
  return Math.random().toString(36).slice(2, 9);
}

export function newDiagramXml(): string {
  const id = randomId();
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Baton Modeler" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="Process_${id}" name="New process" isExecutable="true">
    <bpmn:startEvent id="StartEvent_${id}" name="Started" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_${id}">
    <bpmndi:BPMNPlane id="BPMNPlane_${id}" bpmnElement="Process_${id}">
      <bpmndi:BPMNShape id="StartEvent_${id}_di" bpmnElement="StartEvent_${id}">
        <dc:Bounds x="182" y="162" width="36" height="36" />
        <bpmndi:BPMNLabel>
          <dc:Bounds x="181" y="205" width="38" height="14" />
        </bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
