/**
 * Issue 2, point 6 through the unmodified SDK over gRPC: Zeebe's variable scoping. Completion variables
 * (without output mappings) and SetVariables with local=false propagate up from the element: each is updated
 * in the nearest scope that holds it with another value, else set on the process instance; local=true stays
 * on the element; a variable is replaced as a whole, never deep-merged. What a worker sees is read from its jobs.
 */

import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completeOne,
  elementInstances,
  expectRead,
  localVariables,
  type RemoteEngine,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const inputs = (pairs: [string, string][]) =>
  `<bpmn:extensionElements><zeebe:ioMapping>${pairs.map(([target, source]) => `<zeebe:input source="${source}" target="${target}"/>`).join('')}</zeebe:ioMapping></bpmn:extensionElements>`;

const processes: TestProcess[] = [
  {
    id: t('nested-scopes'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="outer">${inputs([
        ['total', '= 0'],
        ['note', '= &quot;outer&quot;'],
      ])}
        <bpmn:startEvent id="outer-start"/>
        <bpmn:subProcess id="inner">${inputs([['note', '= &quot;inner&quot;']])}
          <bpmn:startEvent id="inner-start"/>${serviceTask('step', t('step'))}${serviceTask('check', t('check'))}<bpmn:endEvent id="inner-end"/>
          <bpmn:sequenceFlow id="i1" sourceRef="inner-start" targetRef="step"/><bpmn:sequenceFlow id="i2" sourceRef="step" targetRef="check"/>
          <bpmn:sequenceFlow id="i3" sourceRef="check" targetRef="inner-end"/>
        </bpmn:subProcess><bpmn:endEvent id="outer-end"/>
        <bpmn:sequenceFlow id="o1" sourceRef="outer-start" targetRef="inner"/><bpmn:sequenceFlow id="o2" sourceRef="inner" targetRef="outer-end"/>
      </bpmn:subProcess>${serviceTask('after', t('after'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> outer -> after -> end'],
  },
  {
    id: t('single'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', t('work'))}${serviceTask('next', t('next'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> next -> end'],
  },
];

/** The local variables of the active element instance with this element id. */
async function localsOf(r: RemoteEngine, processInstanceKey: string, elementId: string) {
  const scope = (await elementInstances(r, processInstanceKey)).find(
    (e) => e.elementId === elementId && e.state === 'ACTIVE',
  );
  // not visible yet on a lagging cluster: expectRead reads again
  if (!scope) return `no active '${elementId}'`;
  return localVariables(r, processInstanceKey, scope.elementInstanceKey);
}

describeWithEngine('variable scoping through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('completion variables land in the nearest scope holding them, new ones on the process instance', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('nested-scopes'),
      variables: { total: 100, note: 'root' },
    });
    const step = await completeOne(zeebe, t('step'), { total: 5, note: 'changed', fresh: 1 });
    // the worker saw the innermost values
    expect(step.variables).toEqual({ total: 0, note: 'inner' });

    const [check] = await takeJobs(zeebe, t('check'));
    expect(check.variables).toEqual({ total: 5, note: 'changed', fresh: 1 });
    await expectRead(engine, () => localsOf(engine, key, 'inner')).toEqual({ note: 'changed' });
    await expectRead(engine, () => localsOf(engine, key, 'outer')).toEqual({ total: 5, note: 'outer' });
    await expectRead(engine, () => rootVariables(engine, key)).toEqual({ total: 100, note: 'root', fresh: 1 });

    await zeebe.completeJob({ jobKey: check.key, variables: {} });
    const after = await completeOne(zeebe, t('after'));
    // the sub-process scopes ended with their locals; the process instance kept its own values
    expect(after.variables).toEqual({ total: 100, note: 'root', fresh: 1 });
    await untilEnded(engine, key);
  });

  test("Zeebe's merge passes over a scope holding the same value: it is set further up", async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('nested-scopes'),
      variables: {},
    });
    // `note` is "inner" in the inner sub-process already, so the outer sub-process's "outer" is updated
    await completeOne(zeebe, t('step'), { note: 'inner' });
    await takeJobs(zeebe, t('check'));
    await expectRead(engine, () => localsOf(engine, key, 'inner')).toEqual({ note: 'inner' });
    await expectRead(engine, () => localsOf(engine, key, 'outer')).toEqual({ total: 0, note: 'inner' });
    await expectRead(engine, () => rootVariables(engine, key)).toEqual({});
    await zeebe.cancelProcessInstance(key);
  });

  test('SetVariables: local stays on the element instance; non-local propagates; values are replaced whole', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('single'),
      variables: { order: { id: 'o-1', total: 10 } },
    });
    const [work] = await takeJobs(zeebe, t('work'));
    await zeebe.setVariables({ elementInstanceKey: work.elementInstanceKey, variables: { attempt: 1 }, local: true });
    await zeebe.setVariables({
      elementInstanceKey: work.elementInstanceKey,
      variables: { audit: 'seen' },
      local: false,
    });
    await expectRead(engine, () => localsOf(engine, key, 'work')).toEqual({ attempt: 1 });
    await expectRead(engine, () => rootVariables(engine, key)).toEqual({
      order: { id: 'o-1', total: 10 },
      audit: 'seen',
    });

    // the local variable is visible to the element's job (activated again after a failure) ...
    await zeebe.failJob({ jobKey: work.key, retries: 2, errorMessage: 'retry', retryBackOff: 0 });
    const [retried] = await takeJobs(zeebe, t('work'));
    expect(retried.variables).toEqual({ order: { id: 'o-1', total: 10 }, audit: 'seen', attempt: 1 });
    // ... and ends with the element; a completed object variable replaces the old one (no deep merge)
    await zeebe.completeJob({ jobKey: retried.key, variables: { order: { status: 'paid' } } });
    const next = await completeOne(zeebe, t('next'));
    expect(next.variables).toEqual({ order: { status: 'paid' }, audit: 'seen' });
    await untilEnded(engine, key);
  });
});
