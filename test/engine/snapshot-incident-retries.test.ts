/**
 * An incident's retry is data (runtime/incident-retry.ts) that a snapshot writes as its RetryState: restored,
 * resolving the incident runs the failed step again and the instance goes on. Here a behaviour's work once
 * activated (a gateway condition) and a multi-instance body's handling of a completed inner instance.
 */
import { createEngine, type Engine } from '../../src/engine/engine';
import { captureSnapshot } from '../../src/engine/state/engine-snapshot';
import { serviceTask } from '../support/bpmn';
import { completedElements, deployProcesses, stateOf, workJobs } from '../support/in-process';
import { restoredCopy, silent } from './snapshot-fixture';

const activeIncident = (engine: Engine, processInstanceKey: string) =>
  [...engine.listIncidents()].find((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');

describe('restored incidents retry what failed', () => {
  test('a restored gateway-condition incident and a restored inner-completion incident resolve and go on', async () => {
    const original = createEngine({ logger: silent });
    await deployProcesses(
      original,
      {
        id: 'route',
        elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="big"/><bpmn:endEvent id="small"/>`,
        flows: ['start -> gw', 'gw -> big [= amount > 100]', 'gw -> small [default]'],
      },
      {
        id: 'batch',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('each', 'batch-item', '').replace(
          '</bpmn:serviceTask>',
          '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="= items" inputElement="item" outputCollection="results" outputElement="= assert(result, result != null)"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>',
        )}<bpmn:endEvent id="end"/>`,
        flows: ['start -> each -> end'],
      },
    );
    const route = original.createProcessInstance({ bpmnProcessId: 'route' }).processInstanceKey;
    const batch = original.createProcessInstance({
      bpmnProcessId: 'batch',
      variables: { items: ['a'] },
    }).processInstanceKey;
    expect(workJobs(original, 'batch-item')).toHaveLength(1);
    expect(activeIncident(original, route)).toMatchObject({ elementId: 'gw', errorType: 'EXTRACT_VALUE_ERROR' });
    expect(activeIncident(original, batch)).toMatchObject({ elementId: 'each', errorType: 'EXTRACT_VALUE_ERROR' });
    const written = captureSnapshot(original.runtime).incidents;
    expect(written.map((i) => i.retry).sort()).toEqual(['innerCompleted', 'onActivated']);
    expect(written.find((i) => i.retry === 'innerCompleted')?.innerInstance).toMatch(/^\d+$/);

    const copy = await restoredCopy(original);
    original.close();
    copy.setVariables(route, { amount: 500 }, false);
    copy.setVariables(batch, { result: 'done' }, false);
    copy.resolveIncident(activeIncident(copy, route)?.key ?? '');
    copy.resolveIncident(activeIncident(copy, batch)?.key ?? '');

    expect(stateOf(copy, route)).toBe('COMPLETED');
    expect(completedElements(copy, route)).toEqual(['start', 'gw', 'big']);
    expect(stateOf(copy, batch)).toBe('COMPLETED');
    expect(completedElements(copy, batch)).toEqual(['start', 'each', 'each', 'end']);
    expect([...copy.listVariables(batch)].find((v) => v.name === 'results')?.value).toEqual(['done']);
    copy.close();
  });
});
