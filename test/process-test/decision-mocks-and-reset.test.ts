/**
 * Issue 28, the brief's items 1 and 2: `mockDmnDecision` (a stub decision under the called id, its output the
 * business rule task's result, deleted after the test so the real decision answers again) in code and as
 * CPT's MOCK_DMN_DECISION instruction; useProcessTest's per-test clean-up (stubs deleted, clock reset, mock
 * workers stopped) and resetCluster() (running instances cancelled, deployments deleted). All through the SDK
 * and REST v2, so the same file runs on a container or a cluster.
 */
import { performance } from 'node:perf_hooks';
import { createProcessTest, runCptTestCase, useProcessTest } from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { dmnXml, sizeTable } from '../support/dmn-and-form';
import { startEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { settleMsFor } from '../support/read-lag';

const run = Date.now().toString(36);
const id = (name: string) => `dm-${name}-${run}`;
const DECISION = id('size');

/** a business rule task calling DECISION into `result`, then a service task to wait at */
const ruleProcess = bpmnXml({
  id: id('rule'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="${DECISION}" resultVariable="result"/></bpmn:extensionElements></bpmn:businessRuleTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> decide -> end'],
});
const timerProcess = bpmnXml({
  id: id('timer'),
  elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${serviceTask('work', id('work'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> wait -> work -> end'],
});

describeWithEngine('mockDmnDecision and the clean-up between tests', () => {
  const suite = useProcessTest(startEngine, (cluster) => ({
    suite: 'decision-mocks',
    timeoutMs: cluster.engine ? 5_000 : 60_000,
    settleMs: settleMsFor(cluster as never),
  }));
  const deploy = async () => {
    const { zeebe } = suite.cluster;
    await zeebe.deployResource({
      name: 'size.dmn',
      decision: Buffer.from(dmnXml(id('drg'), { [DECISION]: sizeTable() })),
    });
    await zeebe.deployResource({ name: 'rule.bpmn', process: Buffer.from(ruleProcess) });
    await zeebe.deployResource({ name: 'timer.bpmn', process: Buffer.from(timerProcess) });
  };
  const decide = async (variables: Record<string, unknown> = { amount: 5 }) => {
    const key = await suite.pt.api.createProcessInstance(id('rule'), variables);
    const instance = suite.pt.expectProcessInstance(key);
    await instance.toBeCompleted();
    return instance;
  };

  beforeAll(deploy);

  it('the real decision answers while nothing is mocked', async () => {
    await (await decide()).toHaveVariables({ result: 'small' });
  });

  it('mockDmnDecision(id, output): the business rule task gets the output, whatever its JSON type', async () => {
    await suite.pt.mockDmnDecision(DECISION, { approved: true, limit: 5000, tags: ['a', 'b'], note: 'a "q" <x>' });
    await (await decide()).toHaveVariables({
      result: { approved: true, limit: 5000, tags: ['a', 'b'], note: 'a "q" <x>' },
    });
    await suite.pt.mockDmnDecision(DECISION).thenReturn('Falcon Heavy');
    await (await decide()).toHaveVariables({ result: 'Falcon Heavy' });
  });

  it('after the test that mocked it, the real decision answers again (the stub was deleted)', async () => {
    await (await decide({ amount: 500 })).toHaveVariables({ result: 'large' });
  });

  it('CPT MOCK_DMN_DECISION, in both spellings of its docs (decisionOutput, and the older variables)', async () => {
    const rule = { processDefinitionId: id('rule') };
    const cpt = (name: string, mock: Record<string, unknown>, expected: unknown) => ({
      name,
      instructions: [
        { type: 'MOCK_DMN_DECISION', decisionDefinitionId: DECISION, ...mock },
        { type: 'CREATE_PROCESS_INSTANCE', processDefinitionSelector: rule, variables: { amount: 5 } },
        { type: 'ASSERT_PROCESS_INSTANCE', processInstanceSelector: rule, state: 'IS_COMPLETED' },
        { type: 'ASSERT_VARIABLES', processInstanceSelector: rule, variables: { result: expected } },
      ],
    });
    await runCptTestCase(suite.pt, cpt('output', { decisionOutput: 'Falcon Heavy' }, 'Falcon Heavy'));
    await runCptTestCase(
      suite.pt,
      cpt('variables', { variables: { rocket: 'Falcon Heavy' } }, { rocket: 'Falcon Heavy' }),
    );
    // the case cleaned up after itself: the real decision again
    await (await decide()).toHaveVariables({ result: 'small' });
  });

  it('CPT EVALUATE_DECISION and ASSERT_DECISION: output and matched rules (1-based), failing naming what differs', async () => {
    const decision = { decisionDefinitionId: DECISION };
    await runCptTestCase(suite.pt, {
      name: 'evaluate',
      instructions: [
        { type: 'EVALUATE_DECISION', decisionDefinitionSelector: decision, variables: { amount: 500 } },
        {
          type: 'ASSERT_DECISION',
          decisionSelector: decision,
          output: 'large',
          matchedRules: [2],
          notMatchedRules: [1],
        },
      ],
    });
    const wrong = (check: Record<string, unknown>) =>
      runCptTestCase(createProcessTest(suite.cluster, { timeoutMs: 1_500, settleMs: suite.pt.settleMs }), {
        name: 'wrong',
        instructions: [
          { type: 'EVALUATE_DECISION', decisionDefinitionSelector: decision, variables: { amount: 5 } },
          { type: 'ASSERT_DECISION', decisionSelector: decision, ...check },
        ],
      });
    await expect(wrong({ output: 'large' })).rejects.toThrow(
      `instruction 2 (ASSERT_DECISION): ASSERT_DECISION ${DECISION} failed within`,
    );
    await expect(wrong({ matchedRules: [2] })).rejects.toThrow('matched rules [1], expected [2] among them');
    await expect(wrong({ noMatchedRules: true })).rejects.toThrow('matched rules [1], expected none');
    // after a process: the business rule task's evaluation is the newest
    await decide({ amount: 7 });
    await runCptTestCase(suite.pt, {
      name: 'after the process',
      instructions: [{ type: 'ASSERT_DECISION', decisionSelector: decision, output: 'small', matchedRules: [1] }],
    });
  }, 60_000);

  it('a mocked decision that is not deployed at all: the stub is the only version', async () => {
    const ghost = id('ghost');
    await suite.cluster.zeebe.deployResource({
      name: 'ghost.bpmn',
      process: Buffer.from(
        ruleProcess.replace(`decisionId="${DECISION}"`, `decisionId="${ghost}"`).replace(id('rule'), id('ghost-rule')),
      ),
    });
    await suite.pt.mockDmnDecision(ghost, 42);
    const key = await suite.pt.api.createProcessInstance(id('ghost-rule'), {});
    await suite.pt.expectProcessInstance(key).toHaveVariables({ result: 42 });
  });

  it('a test that pins the clock and mocks a worker ...', async () => {
    await suite.pt.clock.advance('PT2H');
    suite.pt.mockJobWorker(id('work')).thenComplete({ done: true });
    expect(suite.pt.clock.isPinned()).toBe(true);
  });

  it('... leaves the next test on system time with no mock: a 1 h timer does not fire, the job waits', async () => {
    expect(suite.pt.clock.isPinned()).toBe(false);
    const key = await suite.pt.api.createProcessInstance(id('timer'), {});
    const instance = suite.pt.expectProcessInstance(key);
    await instance.toBeWaitingAt('wait');
    await suite.pt.clock.skipToNextTimer(key);
    await instance.toBeWaitingAt('work');
    // the earlier test's mock worker is stopped: nobody completes the job
    await new Promise((resolve) => setTimeout(resolve, 500));
    await instance.toBeWaitingOnlyAt('work');
    await suite.pt.completeJob(id('work'), {}, { processInstanceKey: key });
    await instance.toBeCompleted();
  });

  it('resetCluster(): running instances cancelled, every deployment deleted; redeploying works', async () => {
    const waiting = await suite.pt.api.createProcessInstance(id('timer'), {});
    await suite.pt.expectProcessInstance(waiting).toBeWaitingAt('wait');
    const summary = await suite.pt.resetCluster();
    expect(summary.cancelledInstances).toBeGreaterThanOrEqual(1);
    expect(summary.deletedResources).toBeGreaterThanOrEqual(3);
    await suite.pt.expectProcessInstance(waiting).toBeTerminated();
    // searches may trail the engine on a real cluster
    const empty = (xs: unknown[]) => xs.length === 0;
    await eventually(() => suite.pt.api.searchProcessInstances({ state: 'ACTIVE' }), empty, 'no running instance');
    await eventually(() => suite.pt.api.searchProcessDefinitions(), empty, 'no process definition');
    await eventually(() => suite.pt.api.searchDecisionRequirements(), empty, 'no decision requirements');
    await expect(suite.pt.api.createProcessInstance(id('rule'), {})).rejects.toThrow(/404|not found/i);
    await deploy();
    await (await decide()).toHaveVariables({ result: 'small' });
  });

  it('resetCluster() is faster than closing and starting a new engine (times printed)', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const resetTimes = async (running: number) => {
      const times: number[] = [];
      for (let n = 0; n < 5; n++) {
        await deploy();
        for (let i = 0; i < running; i++) await suite.pt.api.createProcessInstance(id('timer'), {});
        const started = performance.now();
        await suite.pt.resetCluster();
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const typical = await resetTimes(1);
    const busy = await resetTimes(10);
    const engines: number[] = [];
    for (let n = 0; n < 5; n++) {
      const started = performance.now();
      const fresh = await startEngine();
      await fresh.close();
      engines.push(performance.now() - started);
    }
    const engine = median(engines);
    console.log(
      `resetCluster, 3 resources: median ${typical.toFixed(1)} ms with 1 running instance, ${busy.toFixed(1)} ms with 10; new engine (start + close): median ${engine.toFixed(1)} ms`,
    );
    if (suite.cluster.engine) expect(typical).toBeLessThan(engine);
  }, 60_000);
});
