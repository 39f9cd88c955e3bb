/// <reference lib="dom" />
/**
 * End to end in Debian's Chromium (issue 21): the properties panel offers the settings the engine runs. On a
 * job-worker ad-hoc sub-process the panel shows its implementation, task definition and output collection groups
 * (taken out while the engine refused them). Fails on any console error, page error, failed
 * request or HTTP error answer.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type TestBrowser } from './support/browser';
import { type BatonForUi, buildUi, startBatonForUi } from './support/start-baton-for-ui';

const STEP_MS = 20_000;
jest.setTimeout(240_000);

let server: BatonForUi;
let browser: TestBrowser;
let page: Page;

const AGENT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="agent-defs" targetNamespace="http://bpmn.io/schema/bpmn"
  modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="ui-agent" name="Agent" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:adHocSubProcess id="agent" name="Agent">
      <bpmn:extensionElements><zeebe:taskDefinition type="agent"/>
        <zeebe:adHoc outputCollection="results" outputElement="= result"/></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:serviceTask id="lookup" name="Look up"><bpmn:extensionElements><zeebe:taskDefinition type="lookup"/></bpmn:extensionElements></bpmn:serviceTask>
    </bpmn:adHocSubProcess>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="agent"/>
    <bpmn:sequenceFlow id="f2" sourceRef="agent" targetRef="end"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="ui-agent">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="180" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="agent_di" bpmnElement="agent" isExpanded="true"><dc:Bounds x="200" y="80" width="350" height="240"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="lookup_di" bpmnElement="lookup"><dc:Bounds x="320" y="160" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="620" y="180" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint xmlns:di="http://www.omg.org/spec/DD/20100524/DI" x="136" y="198"/><di:waypoint xmlns:di="http://www.omg.org/spec/DD/20100524/DI" x="200" y="198"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint xmlns:di="http://www.omg.org/spec/DD/20100524/DI" x="550" y="198"/><di:waypoint xmlns:di="http://www.omg.org/spec/DD/20100524/DI" x="620" y="198"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;

beforeAll(async () => {
  buildUi();
  server = await startBatonForUi();
  writeFileSync(path.join(server.bpmnDir, 'ui-agent.bpmn'), AGENT);
  browser = await openBrowser();
  page = browser.page;
  page.setDefaultTimeout(STEP_MS);
});

afterEach(() => expect(browser.errors.splice(0)).toEqual([]));

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a job-worker ad-hoc sub-process shows its implementation, task definition and output collection', async () => {
  await page.goto(`${server.url}/#/models/ui-agent`);
  await page.locator('.djs-element[data-element-id="agent"]').waitFor();
  // the sub-process's own label area, away from the task inside it
  const box = await page.locator('.djs-element[data-element-id="agent"] .djs-hit').first().boundingBox();
  if (!box) throw new Error('the ad-hoc sub-process is not drawn');
  await page.mouse.click(box.x + 20, box.y + box.height - 12);
  const headers = page.locator('.bio-properties-panel-group-header-title');
  await headers.filter({ hasText: 'Output collection' }).waitFor();
  const titles = await headers.allTextContents();
  expect(titles).toEqual(expect.arrayContaining(['Implementation', 'Task definition', 'Output collection']));
});
