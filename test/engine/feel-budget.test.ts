/**
 * Issue 20: a FEEL expression in a model must not hold the engine (and the app sharing its event loop) or
 * exhaust its heap. Each evaluation has a budget (ENGINE_FEEL_MAX_ITEMS, ENGINE_FEEL_MAX_TIME_MS); going
 * over raises an incident naming the element and the limit, and a restart's replay reproduces it from the
 * journal instead of running the evaluation again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/engine';
import type { IncidentView } from '../../src/engine/engine-api';
import { bpmnXml } from '../support/bpmn';
import { activeElements, completedElements, variablesOf } from '../support/in-process';
import { restartableEngine } from '../support/restartable-engine';

const logger = pino({ level: 'silent' });
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A script task `compute` counting 1..n (n a variable), then a user-visible wait state. */
const countingXml = bpmnXml({
  id: 'counting',
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="= count(for i in 1..n return i)" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
    <bpmn:userTask id="review"/>`,
  flows: ['start -> compute -> review'],
});

const incidentsOf = (e: Engine, processInstanceKey: string): IncidentView[] =>
  [...e.listIncidents()].filter((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');

async function deployed(e: Engine) {
  await e.deploy([{ name: 'counting.bpmn', content: countingXml }]);
  return e;
}

describe('FEEL evaluation budget', () => {
  test('a range of 20,000,000 in a script task raises an incident naming the element and the limit; the engine goes on', async () => {
    const e = await deployed(createEngine({ logger }));
    const big = e.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 20_000_000 } });
    expect(incidentsOf(e, big.processInstanceKey)).toEqual([
      expect.objectContaining({
        errorType: 'EXTRACT_VALUE_ERROR',
        elementId: 'compute',
        errorMessage:
          "failed to evaluate expression 'count(for i in 1..n return i)' of element 'compute': the evaluation exceeded the FEEL evaluation limit of 1000000 items (ENGINE_FEEL_MAX_ITEMS)",
      }),
    ]);
    expect(activeElements(e, big.processInstanceKey)).toEqual(['compute']);
    expect(variablesOf(e, big.processInstanceKey)).not.toHaveProperty('total');
    // the next request is served, and a normal evaluation is not limited
    const small = e.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 1000 } });
    expect(variablesOf(e, small.processInstanceKey)).toMatchObject({ total: 1000 });
    expect(activeElements(e, small.processInstanceKey)).toEqual(['review']);
    e.close();
  });

  test('the limits are settings: a lower item limit, and a time limit, each named in the incident', async () => {
    const e = await deployed(createEngine({ logger, feelLimits: { maxItems: 500, maxMillis: 1000 } }));
    const over = e.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 501 } });
    expect(incidentsOf(e, over.processInstanceKey)[0].errorMessage).toMatch(
      /exceeded the FEEL evaluation limit of 500 items \(ENGINE_FEEL_MAX_ITEMS\)$/,
    );
    e.close();

    // doubling recursion: 2^40 calls, far more than any time limit allows (items unlimited here)
    const slow = createEngine({ logger, feelLimits: { maxItems: Number.POSITIVE_INFINITY, maxMillis: 50 } });
    await slow.deploy([
      {
        name: 'slow.bpmn',
        content: bpmnXml({
          id: 'slow',
          elements: `<bpmn:startEvent id="start"/>
            <bpmn:scriptTask id="recurse"><bpmn:extensionElements><zeebe:script expression="= {f: function(k) if k = 0 then 0 else f(k - 1) + f(k - 1)}.f(40)" resultVariable="r"/></bpmn:extensionElements></bpmn:scriptTask>
            <bpmn:endEvent id="end"/>`,
          flows: ['start -> recurse -> end'],
        }),
      },
    ]);
    const started = slow.createProcessInstance({ bpmnProcessId: 'slow', variables: {} });
    expect(incidentsOf(slow, started.processInstanceKey)[0].errorMessage).toMatch(
      /of element 'recurse': the evaluation exceeded the FEEL evaluation limit of 50 ms \(ENGINE_FEEL_MAX_TIME_MS\)$/,
    );
    slow.close();
  });

  describe('on a journal', () => {
    const restart = restartableEngine('baton-feel-budget-', { logger });
    const open = async (feelLimits: EngineOptions['feelLimits']) => {
      const engine = await restart.reopen({ feelLimits });
      // (a replay runs each command at its recorded time: a pinned clock keeps live times equal to those)
      engine.clock.pin(Date.parse('2026-02-01T00:00:00Z'));
      return engine;
    };

    test('a restart reproduces the incident from the journal without evaluating again, whatever the limit is now', async () => {
      let e = await deployed(await open({ maxItems: 1000, maxMillis: 1000 }));
      const over = e.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 5000 } }).processInstanceKey;
      await e.durable();
      const incidents = incidentsOf(e, over);
      expect(incidents).toHaveLength(1);
      // the journal says so, naming the element instance, the expression and the limit
      const journal = readFileSync(join(restart.dir, 'journal.log'), 'utf8');
      expect(journal).toContain('"c":"feelBudget"');
      expect(journal).toContain(`"scope":"${incidents[0].elementInstanceKey}"`);

      // a limit under which the evaluation would pass: the replay still fails it, with the limit of the time
      e = await open({ maxItems: 1_000_000, maxMillis: 1000 });
      expect(incidentsOf(e, over)).toEqual(incidents);
      expect(activeElements(e, over)).toEqual(['compute']);
      expect(variablesOf(e, over)).not.toHaveProperty('total');

      // resolving evaluates again, under today's limit
      e.resolveIncident(incidents[0].key);
      expect(variablesOf(e, over)).toMatchObject({ total: 5000 });
      await e.durable();

      // and that history replays as it happened
      e = await open({ maxItems: 1000, maxMillis: 1000 });
      expect(incidentsOf(e, over)).toEqual([]);
      expect(variablesOf(e, over)).toMatchObject({ total: 5000 });
      expect(completedElements(e, over)).toEqual(['start', 'compute']);
    });

    test('an excess in a later slice of a long command (after a token loop) is replayed from its continue record', async () => {
      // 3,000 turns of a loop without a wait state run in several slices before the script task is reached
      const loopThenCount = bpmnXml({
        id: 'loop-then-count',
        elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/>
          <bpmn:intermediateThrowEvent id="turn"><bpmn:extensionElements><zeebe:ioMapping>
            <zeebe:output source="= i + 1" target="i"/></zeebe:ioMapping></bpmn:extensionElements></bpmn:intermediateThrowEvent>
          <bpmn:scriptTask id="compute"><bpmn:extensionElements><zeebe:script expression="= count(for x in 1..n return x)" resultVariable="total"/></bpmn:extensionElements></bpmn:scriptTask>
          <bpmn:userTask id="review"/>`,
        flows: [
          'start -> gw',
          'gw -> compute [= i >= 3000]',
          'gw -> turn [default]',
          'turn -> gw',
          'compute -> review',
        ],
      });
      let e = await open({ maxItems: 1000, maxMillis: 1000 });
      await e.deploy([{ name: 'loop-then-count.bpmn', content: loopThenCount }]);
      const key = e.createProcessInstance({
        bpmnProcessId: 'loop-then-count',
        variables: { i: 0, n: 5000 },
      }).processInstanceKey;
      expect(incidentsOf(e, key)).toEqual([]); // (the loop goes on in later slices)
      const live = e;
      for (let turn = 0; turn < 10_000 && incidentsOf(live, key).length === 0; turn++) await nextTurn();
      await e.durable();
      const incidents = incidentsOf(e, key);
      expect(readFileSync(join(restart.dir, 'journal.log'), 'utf8')).toContain('"c":"continue"');

      e = await open({ maxItems: 1_000_000, maxMillis: 1000 });
      const replayed = e;
      for (let turn = 0; turn < 10_000 && activeElements(replayed, key).join() !== 'compute'; turn++) await nextTurn();
      expect(incidentsOf(e, key)).toEqual(incidents);
      expect(variablesOf(e, key)).toMatchObject({ i: 3000 });
      expect(variablesOf(e, key)).not.toHaveProperty('total');
    });

    test('an expression of no element (a timer start event at deploy) over the limit stays unscheduled after a restart', async () => {
      const timerXml = bpmnXml({
        id: 'scheduled',
        elements: `<bpmn:startEvent id="at"><bpmn:timerEventDefinition><bpmn:timeDate>= date and time("2026-03-01T00:00:00Z") + duration("PT" + string(count(for i in 1..5000 return i)) + "S")</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
          <bpmn:endEvent id="end"/>`,
        flows: ['at -> end'],
      });
      let e = await open({ maxItems: 1000, maxMillis: 1000 });
      await e.deploy([{ name: 'scheduled.bpmn', content: timerXml }]);
      await e.durable();
      e = await open({ maxItems: 1_000_000, maxMillis: 1000 });
      e.clock.pin(Date.parse('2026-03-02T00:00:00Z'));
      expect([...e.listProcessInstances()]).toEqual([]);
      // a new version deployed under today's limit is scheduled, and starts: what a replay running the
      // evaluation again would have done to the first one
      await e.deploy([{ name: 'scheduled.bpmn', content: timerXml.replaceAll('"end"', '"done"') }]);
      e.clock.advance(1000);
      expect([...e.listProcessInstances()].map((i) => i.bpmnProcessId)).toEqual(['scheduled']);
    });

    test('an evaluation that passed is replayed as passed, even under a lower limit', async () => {
      let e = await deployed(await open({ maxItems: 1_000_000, maxMillis: 1000 }));
      const fine = e.createProcessInstance({ bpmnProcessId: 'counting', variables: { n: 5000 } }).processInstanceKey;
      await e.durable();
      e = await open({ maxItems: 10, maxMillis: 1000 });
      expect(incidentsOf(e, fine)).toEqual([]);
      expect(variablesOf(e, fine)).toMatchObject({ total: 5000 });
      expect(activeElements(e, fine)).toEqual(['review']);
    });
  });
});
