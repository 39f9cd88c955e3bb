/**
 * Issue 21, point 1: a business rule task calling a deployed decision (zeebe:calledDecision), through the
 * unmodified SDK (gRPC) and REST client: it completes with the decision's output in its result variable; a
 * decision that fails raises a DECISION_EVALUATION_ERROR incident in Zeebe's words, and resolving it after the
 * variables are fixed evaluates again and completes; a missing decision is a CALLED_DECISION_ERROR incident;
 * a business rule task with a job worker implementation is a job.
 */
import { bpmnXml } from '../../support/bpmn';
import { dmnXml, sizeTable } from '../../support/dmn-and-form';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';
import { limitsDmn } from './limits-dmn';

const ruleTask = (processId: string, called: string) =>
  bpmnXml({
    id: processId,
    elements: `<bpmn:startEvent id="start"/><bpmn:businessRuleTask id="decide"><bpmn:extensionElements>${called}</bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="end"/>`,
    flows: ['start -> decide -> end'],
  });

describe('business rule tasks calling a decision', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await cluster.zeebe.deployResource({ name: 'limits.dmn', decision: Buffer.from(limitsDmn()) });
    await cluster.zeebe.deployResource({
      name: 'approve.bpmn',
      process: Buffer.from(
        ruleTask('approve', '<zeebe:calledDecision decisionId="approval" resultVariable="decision"/>'),
      ),
    });
  });
  afterAll(() => cluster?.close());

  const incidentsOf = async (processInstanceKey: string) =>
    (await client.searchIncidents({ filter: { processInstanceKey } } as never, NOW)).items ?? [];

  test('completes with the output in the result variable', async () => {
    const result = await cluster.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: 'approve',
      variables: { amount: 70 },
    });
    expect(result.variables).toEqual({ amount: 70, decision: { ok: true, limit: 'small' } });
  });

  test('a failing decision is an incident; fixing the variables and resolving it completes the task', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: 'approve',
      variables: { amount: 10 },
    });
    const incidents = await eventually(
      () => incidentsOf(processInstanceKey),
      (i) => i.length === 1,
      'the incident',
    );
    expect(incidents[0]).toMatchObject({
      errorType: 'DECISION_EVALUATION_ERROR',
      elementId: 'decide',
      state: 'ACTIVE',
    });
    expect(incidents[0].errorMessage).toMatch(
      /^Expected to evaluate decision 'approval', but multiple values aren't allowed for UNIQUE hit policy/,
    );

    await cluster.zeebe.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { amount: 150 },
      local: false,
    });
    await cluster.zeebe.resolveIncident({ incidentKey: String(incidents[0].incidentKey) });
    await eventually(
      () => client.getProcessInstance({ processInstanceKey } as never, NOW),
      (instance) => instance.state === 'COMPLETED',
      'the instance to complete',
    );
    const decision = await client.searchVariables({ filter: { processInstanceKey, name: 'decision' } } as never, NOW);
    expect(JSON.parse(decision.items?.[0]?.value ?? 'null')).toEqual({ ok: false, limit: 'large' });
  });

  test('a missing decision is a CALLED_DECISION_ERROR incident; deploying it and resolving completes', async () => {
    await cluster.zeebe.deployResource({
      name: 'later.bpmn',
      process: Buffer.from(ruleTask('later', '<zeebe:calledDecision decisionId="later-rule" resultVariable="r"/>')),
    });
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({ bpmnProcessId: 'later', variables: {} });
    const incidents = await eventually(
      () => incidentsOf(processInstanceKey),
      (i) => i.length === 1,
      'the incident',
    );
    expect(incidents[0]).toMatchObject({
      errorType: 'CALLED_DECISION_ERROR',
      errorMessage: "Expected to evaluate decision 'later-rule', but no decision found for id 'later-rule'",
    });
    await cluster.zeebe.deployResource({
      name: 'later.dmn',
      decision: Buffer.from(dmnXml('later-drg', { 'later-rule': sizeTable() })),
    });
    await cluster.zeebe.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { amount: 5 },
      local: false,
    });
    await cluster.zeebe.resolveIncident({ incidentKey: String(incidents[0].incidentKey) });
    await eventually(
      () => client.getProcessInstance({ processInstanceKey } as never, NOW),
      (instance) => instance.state === 'COMPLETED',
      'the instance to complete',
    );
  });

  test('with a zeebe:taskDefinition it is a job for a worker', async () => {
    await cluster.zeebe.deployResource({
      name: 'worker-rule.bpmn',
      process: Buffer.from(ruleTask('worker-rule', '<zeebe:taskDefinition type="rule-worker"/>')),
    });
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: 'worker-rule',
      variables: {},
    });
    const jobs = await cluster.zeebe.activateJobs({
      type: 'rule-worker',
      maxJobsToActivate: 1,
      timeout: 10_000,
      worker: 'w',
    });
    expect(jobs.map((j) => [j.processInstanceKey, j.elementId])).toEqual([[processInstanceKey, 'decide']]);
  });
});
