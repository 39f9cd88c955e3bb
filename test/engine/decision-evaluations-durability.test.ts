import type { Engine } from '../../src/engine/engine';
import { limitsDmn } from '../gateway/decisions/limits-dmn';
import { bpmnXml } from '../support/bpmn';
import { restartableEngine } from '../support/restartable-engine';
import { recordingLogger, silent } from './snapshot-fixture';

// (a replay runs at its record's time, taken just before the command ran live: the date may differ by a ms)
const evaluationsOf = (e: Engine) =>
  [...(e.listDecisionEvaluations?.() ?? [])].map(({ evaluationDate, ...rest }) => {
    expect(Math.abs(Date.parse(evaluationDate) - Date.now())).toBeLessThan(60_000);
    return rest;
  });

describe('decision evaluations survive a restart', () => {
  const restart = restartableEngine('baton-evaluations-');
  const reopen = (logger = silent) => restart.reopen({ logger });

  const evaluateTwice = async (e: Engine) => {
    await e.deploy([{ name: 'limits.dmn', content: limitsDmn() }]);
    const ok = e.evaluateDecision({ decisionId: 'approval' }, { amount: 70 });
    const failed = e.evaluateDecision({ decisionId: 'approval' }, { amount: 10 });
    await e.durable?.();
    return [ok, failed];
  };

  test('journal replay: the same keys, outputs, failures and decision instances', async () => {
    let e = await reopen();
    const [ok, failed] = await evaluateTwice(e);
    expect(ok.output).toEqual({ ok: true, limit: 'small' });
    expect(failed.failedDecisionId).toBe('limit');
    const before = evaluationsOf(e);
    expect(before.map((v) => v.decisionEvaluationKey)).toEqual([
      ok.decisionEvaluationKey,
      failed.decisionEvaluationKey,
    ]);

    e = await reopen();
    expect(evaluationsOf(e)).toEqual(before);
    const next = e.evaluateDecision({ decisionId: 'approval' }, { amount: 70 });
    expect(BigInt(next.decisionEvaluationKey)).toBeGreaterThan(BigInt(failed.decisionEvaluationKey));
  });

  test('snapshot: the evaluations restore from it alone', async () => {
    let e = await reopen();
    await evaluateTwice(e);
    const before = evaluationsOf(e);
    expect(e.snapshot()).toBe(true);
    const log = recordingLogger();
    e = await reopen(log.logger);
    expect(log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal')?.snapshot).toBeDefined();
    expect(evaluationsOf(e)).toEqual(before);
  });

  test('a business rule task incident survives a restart; resolving it then evaluates again', async () => {
    let e = await reopen();
    const approve = bpmnXml({
      id: 'approve',
      elements:
        '<bpmn:startEvent id="start"/><bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="approval" resultVariable="decision"/></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="end"/>',
      flows: ['start -> decide -> end'],
    });
    await e.deploy([
      { name: 'limits.dmn', content: limitsDmn() },
      { name: 'approve.bpmn', content: approve },
    ]);
    const { processInstanceKey } = e.createProcessInstance({ bpmnProcessId: 'approve', variables: { amount: 10 } });
    await e.durable?.();
    const [incident] = [...e.listIncidents()];
    expect(incident.errorType).toBe('DECISION_EVALUATION_ERROR');
    expect(e.snapshot()).toBe(true);

    e = await reopen();
    expect([...e.listIncidents()].map((i) => [i.key, i.state])).toEqual([[incident.key, 'ACTIVE']]);
    e.setVariables(processInstanceKey, { amount: 70 }, false);
    e.resolveIncident(incident.key);
    expect(e.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    const failedThenEvaluated = evaluationsOf(e).map((v) => [v.caller?.elementId, v.failedDecisionId ?? 'ok']);
    expect(failedThenEvaluated).toEqual([
      ['decide', 'limit'],
      ['decide', 'ok'],
    ]);
  });
});
