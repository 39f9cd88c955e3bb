/**
 * `mockChildProcess(processDefinitionId, variables)`, as Camunda Process Test's: deploys a stub process under
 * the called process's id (start → end), whose end event sets the given variables, so a call activity gets a
 * child that completes at once with that output (call activities take all child variables by default).
 * The stub becomes the latest version of that id on the cluster; resolves with its definition key, which the
 * toolkit deletes when the test is cleaned up (test-scope.ts), making the real model the latest again.
 */
import type { RestApi } from './rest-api';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The stub's BPMN: each variable an output mapping of the end event; a JSON value is a FEEL literal. */
export function childProcessStub(processDefinitionId: string, variables: Record<string, unknown> = {}): string {
  const outputs = Object.entries(variables)
    .map(
      ([name, value]) =>
        `<zeebe:output source="${escapeXml(`=${JSON.stringify(value)}`)}" target="${escapeXml(name)}"/>`,
    )
    .join('');
  const mappings = outputs
    ? `<bpmn:extensionElements><zeebe:ioMapping>${outputs}</zeebe:ioMapping></bpmn:extensionElements>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  id="mock-${escapeXml(processDefinitionId)}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${escapeXml(processDefinitionId)}" isExecutable="true">
    <bpmn:startEvent id="mock-start"/>
    <bpmn:endEvent id="mock-end">${mappings}</bpmn:endEvent>
    <bpmn:sequenceFlow id="mock-flow" sourceRef="mock-start" targetRef="mock-end"/>
  </bpmn:process>
</bpmn:definitions>`;
}

export async function mockChildProcess(
  api: RestApi,
  processDefinitionId: string,
  variables: Record<string, unknown> = {},
): Promise<string[]> {
  return api.deployBpmn(`mock-${processDefinitionId}.bpmn`, childProcessStub(processDefinitionId, variables));
}
