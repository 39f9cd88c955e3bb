import { createEngine } from '../../src/engine/engine';
import { serviceTask } from '../support/bpmn';
import { activateOne, deployProcesses, newEngine, variablesOf } from '../support/in-process';
import { buildVariedState, continueWith, silent } from './snapshot-fixture';

const io = (inputs: [string, string][], outputs: [string, string][] = []) =>
  `<zeebe:ioMapping>${inputs.map(([s, t]) => `<zeebe:input source="${s}" target="${t}"/>`).join('')}${outputs.map(([s, t]) => `<zeebe:output source="${s}" target="${t}"/>`).join('')}</zeebe:ioMapping>`;

describe('variables and mappings', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    await deployProcesses(
      engine,
      {
        id: 'mapped',
        elements: `<bpmn:startEvent id="start"/>${serviceTask(
          'task',
          'mapped',
          io(
            [
              ['= order.total * 2', 'doubled'],
              ['= doubled + 1', 'plusOne'],
            ],
            [['= result.id', 'receipt.id']],
          ),
        )}<bpmn:endEvent id="end"/>`,
        flows: ['start -> task -> end'],
      },
      {
        id: 'shadow',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'shadow', io([['= 0', 'count']]))}<bpmn:endEvent id="end"/>`,
        flows: ['start -> task -> end'],
      },
      {
        id: 'temporal',
        elements: `<bpmn:startEvent id="start"/>${serviceTask(
          'task',
          'temporal',
          io(
            [
              ['= date(&quot;2026-03-01&quot;)', 'due'],
              ['= duration(&quot;PT36H&quot;)', 'grace'],
              ['= order', 'copy'],
            ],
            [['= copy', 'copied']],
          ),
        )}
          <bpmn:scriptTask id="plan"><bpmn:extensionElements><zeebe:script expression="= date and time(&quot;2026-03-01T10:00:00Z&quot;) + duration(&quot;P1D&quot;)" resultVariable="followUp"/></bpmn:extensionElements></bpmn:scriptTask>
          <bpmn:endEvent id="end"/>`,
        flows: ['start -> task -> plan -> end'],
      },
      {
        id: 'scoped',
        elements: `<bpmn:startEvent id="start"/>
          <bpmn:subProcess id="inner"><bpmn:extensionElements>${io([['= 1', 'local']])}</bpmn:extensionElements>
            <bpmn:startEvent id="s"/>${serviceTask('work', 'scoped')}<bpmn:endEvent id="e"/>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work"/><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e"/>
          </bpmn:subProcess><bpmn:endEvent id="end"/>`,
        flows: ['start -> inner -> end'],
      },
    );
  });

  test('input mappings create locals (each seeing the previous); output mappings propagate only what they map', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'mapped',
      variables: { order: { total: 5 }, receipt: { at: 'now' } },
    }).processInstanceKey;
    const job = activateOne(engine, 'mapped');
    expect(job.variables).toMatchObject({ doubled: 10, plusOne: 11 });
    engine.completeJob(job.key, { result: { id: 'r-1' }, noise: true });
    expect(variablesOf(engine, key)).toEqual({ order: { total: 5 }, receipt: { at: 'now', id: 'r-1' } });
  });

  test('FEEL dates and durations become ISO text in variables; mapped contexts are copies, not aliases', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'temporal',
      variables: { order: { lines: [1, 2] } },
    }).processInstanceKey;
    const job = activateOne(engine, 'temporal');
    expect(job.variables).toMatchObject({ due: '2026-03-01', grace: 'P1DT12H', copy: { lines: [1, 2] } });
    engine.completeJob(job.key, {});
    const vars = variablesOf(engine, key);
    expect(vars.followUp).toBe('2026-03-02T10:00:00Z');
    expect(vars.copied).toEqual({ lines: [1, 2] });
    expect(vars.copied).not.toBe(vars.order);
  });

  test('a completion variable named like an input-mapped local stays local (Zeebe propagation rule)', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'shadow', variables: { count: 5 } }).processInstanceKey;
    const job = activateOne(engine, 'shadow');
    expect(job.variables.count).toBe(0);
    engine.completeJob(job.key, { count: 99, other: 1 });
    expect(variablesOf(engine, key)).toEqual({ count: 5, other: 1 });
  });

  test('variables propagate to the scope that has them, else to the process; SetVariables local stays local', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'scoped' }).processInstanceKey;
    const job = activateOne(engine, 'scoped');
    const inner = [...engine.listElementInstances(key)].find((e) => e.elementId === 'inner')!;
    engine.setVariables(inner.key, { onlyInner: true }, true);
    engine.setVariables(inner.key, { local: 2, global: 'g' }, false);
    const innerVars = [...engine.listVariables(key)]
      .filter((v) => v.scopeKey === inner.key)
      .map((v) => [v.name, v.value]);
    expect(Object.fromEntries(innerVars)).toEqual({ local: 2, onlyInner: true });
    engine.completeJob(job.key, { local: 3, fromJob: 'x' });
    expect(variablesOf(engine, key)).toEqual({ global: 'g', fromJob: 'x' });
  });

  test('SetVariables rejects non-objects and unknown scopes', () => {
    expect(() => engine.setVariables('42', {}, false)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const key = engine.createProcessInstance({ bpmnProcessId: 'shadow' }).processInstanceKey;
    expect(() => engine.setVariables(key, [] as never, false)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  test("one instance's variables are exactly what its own scopes hold, called instances' not among them", async () => {
    const e = createEngine({ logger: silent });
    await buildVariedState(e); // call activities, multi-instance, event sub-processes, mappings, messages
    continueWith(e);
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    const all = [...e.listVariables()];
    const instances = [...e.listProcessInstances()];
    expect(instances.filter((p) => p.parentProcessInstanceKey).length).toBeGreaterThan(0);
    for (const p of instances) {
      const own = all.filter((v) => v.processInstanceKey === p.processInstanceKey).sort(byKey);
      expect([...e.listVariables(p.processInstanceKey)].sort(byKey)).toEqual(own);
    }
    expect(new Set(all.map((v) => v.scopeKey)).size).toBeGreaterThan(instances.length); // local scopes too
    e.close();
  });
});
