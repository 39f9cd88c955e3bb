/**
 * Issue 2, points 3 and 4 (BPMN errors) through the unmodified SDK over gRPC: ThrowError is caught by the
 * boundary event naming its code before a catch-all one, by an enclosing sub-process's boundary event when
 * the task has none, and otherwise raises an UNHANDLED_ERROR_EVENT incident in Zeebe's words; resolving
 * that incident makes the same job activatable again.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  elementInstances,
  expectRead,
  instanceState,
  noJobs,
  openIncident,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const errorBoundary = (id: string, attachedTo: string, errorRef?: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:errorEventDefinition${errorRef ? ` errorRef="${errorRef}"` : ''}/></bpmn:boundaryEvent>`;

const processes: TestProcess[] = [
  {
    id: t('charge'),
    // the catch-all comes first in the XML: the boundary naming the code must still win
    elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', t('charge'))}<bpmn:endEvent id="paid"/>
      ${errorBoundary('any-error', 'charge')}<bpmn:endEvent id="failed"/>
      ${errorBoundary('declined', 'charge', 'err-declined')}<bpmn:endEvent id="rejected"/>`,
    flows: ['start -> charge -> paid', 'any-error -> failed', 'declined -> rejected'],
    definitions: '<bpmn:error id="err-declined" errorCode="DECLINED"/>',
  },
  {
    id: t('nested'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="booking"><bpmn:startEvent id="s"/>${serviceTask('reserve', t('reserve'))}<bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="b1" sourceRef="s" targetRef="reserve"/><bpmn:sequenceFlow id="b2" sourceRef="reserve" targetRef="e"/>
      </bpmn:subProcess><bpmn:endEvent id="booked"/>
      ${errorBoundary('sold-out', 'booking', 'err-sold-out')}${serviceTask('apologise', t('apologise'))}<bpmn:endEvent id="apologised"/>`,
    flows: ['start -> booking -> booked', 'sold-out -> apologise -> apologised'],
    definitions: '<bpmn:error id="err-sold-out" errorCode="SOLD_OUT"/>',
  },
  {
    id: t('uncaught'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('call', t('call'))}<bpmn:endEvent id="end"/>
      ${errorBoundary('known', 'call', 'err-known')}<bpmn:endEvent id="handled"/>`,
    flows: ['start -> call -> end', 'known -> handled'],
    definitions: '<bpmn:error id="err-known" errorCode="KNOWN"/>',
  },
  {
    id: t('bare'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('call', t('bare-call'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> call -> end'],
  },
];

describeWithEngine('BPMN errors thrown by job workers, through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  const throwFrom = async (bpmnProcessId: string, type: string, errorCode: string, errorMessage = '') => {
    const { processInstanceKey } = await sdk.zeebe.createProcessInstance({ bpmnProcessId, variables: {} });
    const [job] = await takeJobs(sdk.zeebe, type);
    await sdk.zeebe.throwError({ jobKey: job.key, errorCode, errorMessage });
    return { processInstanceKey, job };
  };

  test('the boundary event naming the error code wins over a catch-all; other codes go to the catch-all', async () => {
    const { engine } = sdk;
    const declined = await throwFrom(t('charge'), t('charge'), 'DECLINED', 'card declined');
    await untilEnded(engine, declined.processInstanceKey);
    expect(await completedElements(engine, declined.processInstanceKey)).toEqual(['start', 'declined', 'rejected']);

    const other = await throwFrom(t('charge'), t('charge'), 'TIMEOUT');
    await untilEnded(engine, other.processInstanceKey);
    expect(await completedElements(engine, other.processInstanceKey)).toEqual(['start', 'any-error', 'failed']);
  });

  test("an error from inside a sub-process is caught by the sub-process's boundary event, ending the sub-process", async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey, job } = await throwFrom(t('nested'), t('reserve'), 'SOLD_OUT');
    await completeOne(zeebe, t('apologise'));
    await untilEnded(engine, processInstanceKey);
    expect(await completedElements(engine, processInstanceKey)).toEqual([
      'start',
      's',
      'sold-out',
      'apologise',
      'apologised',
    ]);
    const states = new Map((await elementInstances(engine, processInstanceKey)).map((e) => [e.elementId, e.state]));
    expect(states.get('booking')).toBe('TERMINATED');
    expect(states.get('reserve')).toBe('TERMINATED');
    await expect(zeebe.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test("an uncaught error raises Zeebe's UNHANDLED_ERROR_EVENT incident; resolving it makes the job activatable again", async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey, job } = await throwFrom(t('uncaught'), t('call'), 'NOPE', 'nobody listens');
    const incident = await openIncident(engine, processInstanceKey);
    expect(incident).toMatchObject({
      errorType: 'UNHANDLED_ERROR_EVENT',
      elementId: 'call',
      jobKey: job.key,
      errorMessage:
        "Expected to throw an error event with the code 'NOPE' with message 'nobody listens', but it was not caught. Available error events are [KNOWN]",
    });
    await expectRead(engine, () => instanceState(engine, processInstanceKey)).toBe('ACTIVE');
    expect(await noJobs(zeebe, t('call'))).toBe(true);

    await zeebe.resolveIncident({ incidentKey: incident.incidentKey });
    const [again] = await takeJobs(zeebe, t('call'));
    expect(again.key).toBe(job.key);
    await zeebe.completeJob({ jobKey: again.key, variables: {} });
    await untilEnded(engine, processInstanceKey);
    expect(await completedElements(engine, processInstanceKey)).toEqual(['start', 'call', 'end']);
  });

  test('without any error catch event in scope, the incident says so', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey } = await throwFrom(t('bare'), t('bare-call'), 'NOPE');
    const incident = await openIncident(engine, processInstanceKey);
    expect(incident.errorMessage).toBe(
      "Expected to throw an error event with the code 'NOPE', but it was not caught. No error events are available in the scope.",
    );
    await zeebe.cancelProcessInstance(processInstanceKey);
  });
});
