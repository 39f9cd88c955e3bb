/**
 * What "New decision" and "New form" open: a DMN 1.3 decision table with its diagram (amount in, a label
 * out, two rules), and a Camunda form with one text field. Both deploy as they are, so a new document opens
 * with no problems showing and the person changes it from there.
 */
const randomId = () => Math.random().toString(36).slice(2, 9);

export function newDecisionXml(): string {
  const id = randomId();
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" name="New decisions" namespace="http://camunda.org/schema/1.0/dmn" exporter="Baton Modeler" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <decision id="Decision_${id}" name="New decision">
    <decisionTable id="DecisionTable_${id}" hitPolicy="FIRST">
      <input id="Input_${id}" label="Amount">
        <inputExpression id="InputExpression_${id}" typeRef="number">
          <text>amount</text>
        </inputExpression>
      </input>
      <output id="Output_${id}" label="Size" name="size" typeRef="string" />
      <rule id="Rule_small_${id}">
        <inputEntry id="InputEntry_small_${id}">
          <text>&lt; 100</text>
        </inputEntry>
        <outputEntry id="OutputEntry_small_${id}">
          <text>"small"</text>
        </outputEntry>
      </rule>
      <rule id="Rule_large_${id}">
        <inputEntry id="InputEntry_large_${id}">
          <text>&gt;= 100</text>
        </inputEntry>
        <outputEntry id="OutputEntry_large_${id}">
          <text>"large"</text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="DMNDiagram_${id}">
      <dmndi:DMNShape id="DMNShape_${id}" dmnElementRef="Decision_${id}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

export function newFormJson(): string {
  const id = randomId();
  const form = {
    id: `Form_${id}`,
    type: 'default',
    schemaVersion: 19,
    executionPlatform: 'Camunda Cloud',
    executionPlatformVersion: '8.8.0',
    exporter: { name: 'Baton Modeler', version: '1.0' },
    components: [{ id: `Field_${id}`, type: 'textfield', key: 'comment', label: 'Comment' }],
  };
  return `${JSON.stringify(form, null, 2)}\n`;
}
