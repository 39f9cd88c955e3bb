import pino from 'pino';
import type { Engine } from '../../src/engine/engine';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { activateOne, stateOf, workJobs } from '../support/in-process';
import { restartableEngine } from '../support/restartable-engine';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

const version = (nextType: string, boundary: string) =>
  bpmnXml({
    id: 'operated',
    elements: `<bpmn:startEvent id="start"/>${serviceTask('a', 'op-a')}${serviceTask('c', nextType)}<bpmn:endEvent id="end"/>
    <bpmn:boundaryEvent id="${boundary}" attachedToRef="a"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:subProcess id="sub"><bpmn:startEvent id="sub-start"/>${serviceTask('sub-task', 'op-sub')}<bpmn:sequenceFlow id="s1" sourceRef="sub-start" targetRef="sub-task"/></bpmn:subProcess>`,
    flows: ['start -> a -> c -> end', `${boundary} -> end`, 'sub -> end'],
  });
const v1 = version('op-c', 'late');
const v2 = version('op-c2', 'late2');

/** What a client can read of an instance: its state, definition, element instances and variables. */
function observed(engine: Engine, key: string) {
  return {
    instance: engine.getProcessInstance(key),
    elements: [...engine.listElementInstances(key)].map((e) => [e.key, e.elementId, e.state, e.processDefinitionKey]),
    variables: [...engine.listVariables(key)].map((v) => [v.scopeKey, v.name, v.value]),
    jobs: [...engine.listJobs()].filter((j) => j.processInstanceKey === key).map((j) => [j.key, j.state, j.elementId]),
  };
}

describe.each([
  ['the journal replayed', false],
  ['a snapshot restored', true],
])('modification and migration survive a restart (%s)', (_how, withSnapshot) => {
  const restart = restartableEngine('baton-operate-', { logger });
  const reopen = async () => {
    if (withSnapshot && restart.engine) expect(restart.engine.snapshot()).toBe(true);
    return restart.reopen();
  };

  test('a token moved into a new sub-process, with variables: the same state after the restart', async () => {
    let e = await reopen();
    e.clock.pin(Date.parse('2026-12-01T00:00:00Z')); // (a replay runs at each record's time)
    await e.deploy([{ name: 'operated.bpmn', content: v1 }]);
    const key = e.createProcessInstance({ bpmnProcessId: 'operated', variables: { n: 1 } }).processInstanceKey;
    const a = [...e.listElementInstances(key)].find((i) => i.elementId === 'a')?.key as string;
    e.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: a }],
      activateInstructions: [
        { elementId: 'sub-task', variableInstructions: [{ variables: { m: 2 }, scopeId: 'sub' }] },
      ],
    });
    await e.durable();
    const before = observed(e, key);
    e = await reopen();
    expect(observed(e, key)).toEqual(before);
    expect(workJobs(e, 'op-sub').map((j) => j.variables)).toEqual([{ n: 1, m: 2 }]);
    expect(stateOf(e, key)).toBe('COMPLETED');
  });

  test('an instance migrated to version 2 with its activated job: the same state after the restart', async () => {
    let e = await reopen();
    e.clock.pin(Date.parse('2026-12-01T00:00:00Z')); // (a replay runs at each record's time)
    await e.deploy([{ name: 'operated.bpmn', content: v1 }]);
    const key = e.createProcessInstance({ bpmnProcessId: 'operated' }).processInstanceKey;
    const job = activateOne(e, 'op-a');
    const deployed = await e.deploy([{ name: 'operated.bpmn', content: v2 }]);
    const target = deployed.processes[0].processDefinitionKey;
    e.migrateProcessInstance({
      processInstanceKey: key,
      migrationPlan: {
        targetProcessDefinitionKey: target,
        mappingInstructions: [
          { sourceElementId: 'a', targetElementId: 'a' },
          { sourceElementId: 'late', targetElementId: 'late2' },
        ],
      },
    });
    await e.durable();
    const before = observed(e, key);
    expect(before.instance?.processDefinitionKey).toBe(target);
    expect(before.instance?.version).toBe(2);
    e = await reopen();
    expect(observed(e, key)).toEqual(before);
    e.completeJob(job.key);
    expect(workJobs(e, 'op-c2')).toHaveLength(1);
    expect(stateOf(e, key)).toBe('COMPLETED');
  });
});
