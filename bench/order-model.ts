/**
 * The benchmark's order model, the same shape for every engine: four service tasks and one exclusive
 * gateway (charge → reserve → ship → gateway → notify or straight to the end). `zeebeOrderXml` is the Camunda 8
 * flavour (job types, FEEL condition); `bpmnEngineOrderXml` the same diagram with bpmn-engine's service
 * expressions and condition syntax.
 */
export const TASKS = ['charge', 'reserve', 'ship', 'notify'] as const;

const definitions = (body: string, extraNs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  ${extraNs} id="order-bench-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="order-bench" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const flows = (condition: string) => `
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="charge"/>
    <bpmn:sequenceFlow id="f2" sourceRef="charge" targetRef="reserve"/>
    <bpmn:sequenceFlow id="f3" sourceRef="reserve" targetRef="ship"/>
    <bpmn:sequenceFlow id="f4" sourceRef="ship" targetRef="notify-needed"/>
    <bpmn:sequenceFlow id="f5" sourceRef="notify-needed" targetRef="notify">${condition}</bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f6" sourceRef="notify-needed" targetRef="end"/>
    <bpmn:sequenceFlow id="f7" sourceRef="notify" targetRef="end"/>`;

export const zeebeOrderXml = definitions(
  `<bpmn:startEvent id="start"/>
    ${TASKS.map((t) => `<bpmn:serviceTask id="${t}"><bpmn:extensionElements><zeebe:taskDefinition type="bench-${t}"/></bpmn:extensionElements></bpmn:serviceTask>`).join('\n    ')}
    <bpmn:exclusiveGateway id="notify-needed" default="f6"/>
    <bpmn:endEvent id="end"/>${flows('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= notify</bpmn:conditionExpression>')}`,
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
);

export const bpmnEngineOrderXml = definitions(
  `<bpmn:startEvent id="start"/>
    ${TASKS.map((t) => `<bpmn:serviceTask id="${t}" implementation="\${environment.services.${t}}"/>`).join('\n    ')}
    <bpmn:exclusiveGateway id="notify-needed" default="f6"/>
    <bpmn:endEvent id="end"/>${flows('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${environment.variables.notify}</bpmn:conditionExpression>')}`,
);
