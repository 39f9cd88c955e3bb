/**
 * Issue 21 leftovers: decision evaluations are bounded as process instances are (ENGINE_HISTORY_LIMIT): only the
 * newest `limit` standalone evaluations stay, a business rule task's goes with its process instance's history,
 * and a restart (journal replay, snapshot) keeps the same set. A decision's FEEL runs under the FEEL budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, openEngine } from '../../src/engine/engine';
import { limitsDmn } from '../gateway/decisions/limits-dmn';
import { bpmnXml } from '../support/bpmn';
import { restartableEngine } from '../support/restartable-engine';
import { definitions, literal } from './decisions/dmn-xml';
import { silent } from './snapshot-fixture';

const LIMIT = 3;
/** A process whose business rule task evaluates `decisionId` into `resultVariable`. */
const ruleTaskProcess = (id: string, decisionId: string, resultVariable: string) => ({
  id,
  elements: `<bpmn:startEvent id="start"/><bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}"/></bpmn:extensionElements></bpmn:businessRuleTask><bpmn:endEvent id="end"/>`,
  flows: ['start -> decide -> end'],
});
const keysOf = (e: Engine) => [...(e.listDecisionEvaluations?.() ?? [])].map((v) => v.decisionEvaluationKey);

const evaluateMany = async (e: Engine, n: number) => {
  const keys: string[] = [];
  for (let i = 0; i < n; i++)
    keys.push(e.evaluateDecision({ decisionId: 'approval' }, { amount: 70 + i }).decisionEvaluationKey);
  await e.durable?.();
  return keys;
};

describe('decision evaluations are bounded by the history limit', () => {
  const restart = restartableEngine('baton-evaluation-bounds-', { logger: silent, historyLimit: LIMIT });
  const reopen = () => restart.reopen();

  test('only the newest standalone evaluations stay; the oldest are gone (REST search and GET read this list)', async () => {
    const e = createEngine({ logger: silent, historyLimit: LIMIT });
    await e.deploy([{ name: 'limits.dmn', content: limitsDmn() }]);
    const keys = await evaluateMany(e, LIMIT + 2);
    expect(keysOf(e)).toEqual(keys.slice(2));
    await evaluateMany(e, 20);
    expect(keysOf(e)).toHaveLength(LIMIT);
    e.close();
  });

  test.each([
    ['the journal', false],
    ['a snapshot', true],
  ])('a restart from %s keeps the same set, and removal goes on from it', async (_from, snapshot) => {
    let e = await reopen();
    await e.deploy([{ name: 'limits.dmn', content: limitsDmn() }]);
    const keys = await evaluateMany(e, LIMIT + 2);
    if (snapshot) expect(e.snapshot()).toBe(true);
    const before = keysOf(e);
    expect(before).toEqual(keys.slice(2));
    e = await reopen();
    expect(keysOf(e)).toEqual(before);
    const [next] = await evaluateMany(e, 1);
    expect(keysOf(e)).toEqual([...before.slice(1), next]);
  });

  test("a business rule task's evaluation goes with its process instance's history", async () => {
    const e = createEngine({ logger: silent, historyLimit: 1 });
    await e.deploy([
      { name: 'limits.dmn', content: limitsDmn() },
      {
        name: 'approve.bpmn',
        content: bpmnXml(ruleTaskProcess('approve', 'approval', 'decision')),
      },
    ]);
    const first = e.createProcessInstance({ bpmnProcessId: 'approve', variables: { amount: 70 } });
    const [firstEvaluation] = keysOf(e);
    expect(firstEvaluation).toBeDefined();
    e.createProcessInstance({ bpmnProcessId: 'approve', variables: { amount: 80 } });
    // the first instance (ended, beyond the limit of 1) is removed with its evaluation; the standalone count is apart
    expect(e.getProcessInstance?.(first.processInstanceKey)).toBeUndefined();
    expect(keysOf(e)).toHaveLength(1);
    expect(keysOf(e)).not.toContain(firstEvaluation);
    e.close();
  });
});

test('a called instance forgotten from a live tree (a loop through a call activity) takes its evaluations along', async () => {
  const e = createEngine({ logger: silent, historyLimit: 5 });
  await e.deploy([
    { name: 'limits.dmn', content: limitsDmn() },
    {
      name: 'called.bpmn',
      content: bpmnXml(
        {
          id: 'parent',
          elements:
            '<bpmn:startEvent id="ps"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="approve"/></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="pe"/>',
          flows: ['ps -> call -> pe'],
        },
        ruleTaskProcess('approve', 'approval', 'decision'),
      ),
    },
  ]);
  const { processInstanceKey } = e.createProcessInstance({ bpmnProcessId: 'parent', variables: { amount: 70 } });
  const [evaluation] = [...(e.listDecisionEvaluations?.() ?? [])];
  const child = evaluation.caller?.processInstanceKey as string;
  expect(child).not.toBe(processInstanceKey);
  // what live-history.ts does when it trims an ended call activity with the instance it called
  e.runtime.history.forgetCalled(processInstanceKey, new Set([child]));
  expect(keysOf(e)).toEqual([]);
  e.close();
});

describe("a decision's FEEL runs under the FEEL budget", () => {
  const huge = definitions(literal('huge', 'count(for i in 1..50000000 return i)', { variable: 'n' }), undefined);

  test('an over-budget literal expression fails the evaluation quickly, naming the limit', async () => {
    const e = createEngine({ logger: silent });
    await e.deploy([{ name: 'huge.dmn', content: huge }]);
    const started = Date.now();
    const evaluation = e.evaluateDecision({ decisionId: 'huge' }, {});
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(evaluation.failedDecisionId).toBe('huge');
    expect(evaluation.failureMessage).toContain('ENGINE_FEEL_MAX_ITEMS');
    e.close();
  });

  test('a business rule task with an over-budget decision gets an incident naming the limit', async () => {
    const e = createEngine({ logger: silent });
    await e.deploy([
      { name: 'huge.dmn', content: huge },
      {
        name: 'count.bpmn',
        content: bpmnXml(ruleTaskProcess('count', 'huge', 'n')),
      },
    ]);
    e.createProcessInstance({ bpmnProcessId: 'count', variables: {} });
    const [incident] = [...e.listIncidents()];
    expect(incident.errorType).toBe('DECISION_EVALUATION_ERROR');
    expect(incident.errorMessage).toContain('FEEL evaluation limit of 1000000 items (ENGINE_FEEL_MAX_ITEMS)');
    e.close();
  });

  test('a replay of the journal fails the same evaluation again, with the limit it had', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-decision-budget-'));
    const small = definitions(literal('small', 'count(for i in 1..1000 return i)', { variable: 'n' }), undefined);
    const open = (maxItems: number) =>
      openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0, feelLimits: { maxItems, maxMillis: 1000 } });
    let e = await open(500);
    try {
      await e.deploy([{ name: 'small.dmn', content: small }]);
      const failed = e.evaluateDecision({ decisionId: 'small' }, {});
      expect(failed.failureMessage).toContain('500 items');
      await e.durable?.();
      e.close();
      e = await open(1_000_000);
      const [replayed] = [...(e.listDecisionEvaluations?.() ?? [])];
      expect(replayed.failureMessage).toBe(failed.failureMessage);
    } finally {
      e.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
