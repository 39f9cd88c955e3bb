/**
 * Issue 9, point 1, through the unmodified SDK over gRPC: call activities with a static and a FEEL
 * processId, variable propagation both ways (all by default; only mappings when propagateAll* is false),
 * the parent keys the child carries, cancelling the parent cancels the child, and an uncaught BPMN error
 * in the child (thrown by its worker or by an error end event) caught on the call activity's boundary.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  elementInstance,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const call = (id: string, processId: string, attrs = '', mappings = '') =>
  `<bpmn:callActivity id="${id}"><bpmn:extensionElements><zeebe:calledElement processId="${processId}" ${attrs}/>${mappings}</bpmn:extensionElements></bpmn:callActivity>`;
const rejectedError = `<bpmn:error id="err-rejected" errorCode="REJECTED"/>`;

const processes: TestProcess[] = [
  {
    id: t('check-credit'),
    elements: `<bpmn:startEvent id="c-start"/>${serviceTask('score', t('score'))}<bpmn:endEvent id="c-end"/>`,
    flows: ['c-start -> score -> c-end'],
  },
  {
    id: t('refuse'),
    elements: `<bpmn:startEvent id="r-start"/><bpmn:endEvent id="r-refused"><bpmn:errorEventDefinition errorRef="err-rejected"/></bpmn:endEvent>`,
    flows: ['r-start -> r-refused'],
    definitions: rejectedError,
  },
  {
    id: t('apply'),
    elements: `<bpmn:startEvent id="start"/>${call('credit', `= childProcess`)}${serviceTask('decide', t('decide'))}<bpmn:endEvent id="end"/>
      <bpmn:boundaryEvent id="rejected" attachedToRef="credit"><bpmn:errorEventDefinition errorRef="err-rejected"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="declined"/>`,
    flows: ['start -> credit -> decide -> end', 'rejected -> declined'],
    definitions: rejectedError,
  },
  {
    id: t('apply-isolated'),
    elements: `<bpmn:startEvent id="start"/>${call(
      'credit',
      t('check-credit'),
      'propagateAllParentVariables="false" propagateAllChildVariables="false"',
      '<zeebe:ioMapping><zeebe:input source="= applicant.name" target="name"/><zeebe:output source="= score * 10" target="creditScore"/></zeebe:ioMapping>',
    )}<bpmn:endEvent id="end"/>`,
    flows: ['start -> credit -> end'],
  },
];

describeWithEngine('call activities through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('a FEEL processId starts the child with all parent variables; all child variables come back', async () => {
    const { cluster, zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('apply'),
      variables: { childProcess: t('check-credit'), applicant: { name: 'Ada' } },
    });
    const [score] = await takeJobs(zeebe, t('score'));
    expect(score.bpmnProcessId).toBe(t('check-credit'));
    expect(score.variables).toEqual({ childProcess: t('check-credit'), applicant: { name: 'Ada' } });
    // the child carries its parent's keys (REST search, as Operate reads them)
    const rest = cluster.camunda.getCamundaRestClient();
    const children = await pollFor('the child to be visible', async () => {
      const found = await rest.searchProcessInstances({ filter: { parentProcessInstanceKey: key } });
      return found.items.length > 0 && found;
    });
    expect(children.items.map((c) => [c.processInstanceKey, c.processDefinitionId])).toEqual([
      [score.processInstanceKey, t('check-credit')],
    ]);
    const callInstance = await pollFor('the call activity to be visible', () => elementInstance(engine, key, 'credit'));
    // the SDK's type omits parentElementInstanceKey, which Camunda 8.8's REST API returns
    expect((children.items[0] as { parentElementInstanceKey?: string }).parentElementInstanceKey).toBe(
      callInstance?.elementInstanceKey,
    );
    await zeebe.completeJob({ jobKey: score.key, variables: { score: 7 } });
    const decide = await completeOne(zeebe, t('decide'));
    expect(decide.variables).toMatchObject({ score: 7, applicant: { name: 'Ada' } });
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'credit', 'decide', 'end']);
    expect(await untilEnded(engine, score.processInstanceKey)).toBe('COMPLETED');
  });

  test('propagateAll*="false": the child sees only input mappings, the parent gets only output mappings', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('apply-isolated'),
      variables: { applicant: { name: 'Grace', secret: 'x' } },
    });
    const [score] = await takeJobs(zeebe, t('score'));
    expect(score.variables).toEqual({ name: 'Grace' });
    await zeebe.completeJob({ jobKey: score.key, variables: { score: 8, internal: 'child only' } });
    await untilEnded(engine, key);
    expect(await rootVariables(engine, key)).toEqual({ applicant: { name: 'Grace', secret: 'x' }, creditScore: 80 });
  });

  test('cancelling the parent terminates the child and its job', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('apply'),
      variables: { childProcess: t('check-credit') },
    });
    const [score] = await takeJobs(zeebe, t('score'));
    await zeebe.cancelProcessInstance(key);
    expect(await untilEnded(engine, key)).toBe('TERMINATED');
    expect(await untilEnded(engine, score.processInstanceKey)).toBe('TERMINATED');
    await expect(zeebe.completeJob({ jobKey: score.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test("an uncaught BPMN error in the child is caught by the call activity's error boundary event", async () => {
    const { zeebe, engine } = sdk;
    // thrown by the child's worker
    const viaWorker = await zeebe.createProcessInstance({
      bpmnProcessId: t('apply'),
      variables: { childProcess: t('check-credit') },
    });
    const [score] = await takeJobs(zeebe, t('score'));
    await zeebe.throwError({ jobKey: score.key, errorCode: 'REJECTED', errorMessage: 'score too low' });
    await untilEnded(engine, viaWorker.processInstanceKey);
    expect(await completedElements(engine, viaWorker.processInstanceKey)).toEqual(['start', 'rejected', 'declined']);
    expect(await untilEnded(engine, score.processInstanceKey)).toBe('TERMINATED');
    // thrown by an error end event of the child
    const viaEndEvent = await zeebe.createProcessInstance({
      bpmnProcessId: t('apply'),
      variables: { childProcess: t('refuse') },
    });
    await untilEnded(engine, viaEndEvent.processInstanceKey);
    expect(await completedElements(engine, viaEndEvent.processInstanceKey)).toEqual(['start', 'rejected', 'declined']);
    expect(await untilEnded(engine, viaEndEvent.processInstanceKey)).toBe('COMPLETED');
  });
});
