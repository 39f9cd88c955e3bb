/**
 * Issue 21, point 1: decision instances over REST v2 through the unmodified orchestration-cluster-api client.
 * Each evaluation (EvaluateDecision or a business rule task) gives one decision instance per decision
 * evaluated, `<decisionEvaluationKey>-<n>`; the search filters them (by evaluation, process instance, state),
 * the GET answers one with its evaluated inputs and matched rules; in a failed evaluation the failed decision
 * is FAILED with the failure message.
 */
import { bpmnXml } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';
import { limitsDmn } from './limits-dmn';

describe('decision instances over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await cluster.zeebe.deployResource({ name: 'limits.dmn', decision: Buffer.from(limitsDmn()) });
  });
  afterAll(() => cluster?.close());

  const searchInstances = async (filter: Record<string, unknown>) =>
    (await client.searchDecisionInstances({ filter } as never, NOW)).items ?? [];

  test('an evaluation: its instances in the search, one with its inputs and matched rules', async () => {
    const evaluated = await client.evaluateDecision({
      decisionDefinitionId: 'approval',
      variables: { amount: 70 },
    } as never);
    const items = await searchInstances({ decisionEvaluationKey: evaluated.decisionEvaluationKey });
    expect(items.map((i) => [i.decisionEvaluationInstanceKey, i.decisionDefinitionId, i.state, i.result])).toEqual([
      [`${evaluated.decisionEvaluationKey}-1`, 'limit', 'EVALUATED', '"small"'],
      [`${evaluated.decisionEvaluationKey}-2`, 'approval', 'EVALUATED', JSON.stringify({ ok: true, limit: 'small' })],
    ]);
    expect(items[1]).toMatchObject({
      decisionDefinitionName: 'approval',
      decisionDefinitionVersion: 1,
      decisionDefinitionType: 'DECISION_TABLE',
      decisionDefinitionKey: evaluated.decisionDefinitionKey,
      tenantId: '<default>',
      evaluationDate: expect.any(String),
    });

    const one = await client.getDecisionInstance(
      { decisionEvaluationInstanceKey: `${evaluated.decisionEvaluationKey}-2` } as never,
      NOW,
    );
    expect(one.evaluatedInputs).toEqual([{ inputId: 'approval_in1', inputName: 'limit', inputValue: '"small"' }]);
    expect(one.matchedRules).toEqual([
      {
        ruleId: 'approval_r1',
        ruleIndex: 1,
        evaluatedOutputs: [
          { outputId: 'approval_out1', outputName: 'ok', outputValue: 'true' },
          { outputId: 'approval_out2', outputName: 'limit', outputValue: '"small"' },
        ],
      },
    ]);
    await expect(
      client.getDecisionInstance({ decisionEvaluationInstanceKey: '2251799813999999-1' } as never, NOW),
    ).rejects.toThrow();
  });

  test("a business rule task's failed evaluation: FAILED with the message, found by process instance", async () => {
    await cluster.zeebe.deployResource({
      name: 'approve.bpmn',
      process: Buffer.from(
        bpmnXml({
          id: 'approve',
          elements:
            '<bpmn:startEvent id="start"/><bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="approval" resultVariable="decision"/></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="end"/>',
          flows: ['start -> decide -> end'],
        }),
      ),
    });
    const { processInstanceKey, processDefinitionKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: 'approve',
      variables: { amount: 10 },
    });
    const items = await searchInstances({ processInstanceKey });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      decisionDefinitionId: 'limit',
      state: 'FAILED',
      processInstanceKey,
      processDefinitionKey,
      elementInstanceKey: expect.stringMatching(/^\d+$/),
      result: 'null',
    });
    expect(items[0].evaluationFailure).toMatch(/^Expected to evaluate decision 'approval', but multiple values/);
    expect((await searchInstances({ state: 'FAILED' })).map((i) => i.processInstanceKey)).toEqual([processInstanceKey]);
  });
});
