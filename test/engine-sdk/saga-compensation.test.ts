/**
 * The saga wiring of issue 2, point 3, through the unmodified SDK over gRPC: compensation boundary events
 * with their handlers, an error event sub-process that throws compensation, throws with and without an
 * activityRef, a compensation end event, and a terminate end event. Which handlers ran is read from the
 * jobs the SDK could activate.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  elementInstance,
  expectRead,
  instanceState,
  noJobs,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

/** A job-worker step with a compensation boundary event associated with its handler `undo-<id>`. */
const compensable = (id: string) => `${serviceTask(id, t(id))}
  <bpmn:boundaryEvent id="${id}-comp" attachedToRef="${id}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
  ${serviceTask(`undo-${id}`, t(`undo-${id}`), '', 'isForCompensation="true"')}
  <bpmn:association id="${id}-assoc" associationDirection="One" sourceRef="${id}-comp" targetRef="undo-${id}"/>`;

const compensationThrow = (id: string, activityRef?: string, tag = 'intermediateThrowEvent') =>
  `<bpmn:${tag} id="${id}"><bpmn:compensateEventDefinition${activityRef ? ` activityRef="${activityRef}"` : ''}/></bpmn:${tag}>`;

/** An error event sub-process: on FAILED, run `body` (elements + inner flows given as [from, to] pairs). */
const onError = (body: string, flows: [string, string][]) => `
  <bpmn:subProcess id="rollback" triggeredByEvent="true">
    <bpmn:startEvent id="failed"><bpmn:errorEventDefinition errorRef="err-failed"/></bpmn:startEvent>
    ${body}
    ${flows.map(([a, b]) => `<bpmn:sequenceFlow id="r-${a}-${b}" sourceRef="${a}" targetRef="${b}"/>`).join('')}
  </bpmn:subProcess>`;

const failedError = '<bpmn:error id="err-failed" errorCode="FAILED"/>';

const processes: TestProcess[] = [
  {
    id: t('trip-all'),
    elements: `<bpmn:startEvent id="start"/>${compensable('hotel')}${compensable('flight')}${compensable('charge')}<bpmn:endEvent id="end"/>
      ${onError(`${compensationThrow('undo-all')}<bpmn:endEvent id="rolled-back"/>`, [
        ['failed', 'undo-all'],
        ['undo-all', 'rolled-back'],
      ])}`,
    flows: ['start -> hotel -> flight -> charge -> end'],
    definitions: failedError,
  },
  {
    id: t('trip-ordered'),
    elements: `<bpmn:startEvent id="start"/>${compensable('hotel')}${compensable('flight')}${compensable('charge')}<bpmn:endEvent id="end"/>
      ${onError(
        `${compensationThrow('undo-flight-first', 'flight')}${compensationThrow('undo-hotel-next', 'hotel', 'endEvent')}`,
        [
          ['failed', 'undo-flight-first'],
          ['undo-flight-first', 'undo-hotel-next'],
        ],
      )}`,
    flows: ['start -> hotel -> flight -> charge -> end'],
    definitions: failedError,
  },
  {
    id: t('trip-terminate'),
    elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>${serviceTask('slow', t('slow'))}
      ${serviceTask('fast', t('fast'))}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="end"/>`,
    flows: ['start -> fork -> slow -> end', 'fork -> fast -> stop'],
  },
];

describeWithEngine('saga compensation through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('a BPMN error caught by an event sub-process compensates every completed step at once and waits', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('trip-all'),
      variables: {},
    });
    await completeOne(zeebe, t('hotel'));
    await completeOne(zeebe, t('flight'));
    const [charge] = await takeJobs(zeebe, t('charge'));
    await zeebe.throwError({ jobKey: charge.key, errorCode: 'FAILED', errorMessage: 'card declined' });

    // Both handlers are activatable together (one throw without activityRef runs them concurrently) ...
    const [undoHotel] = await takeJobs(zeebe, t('undo-hotel'));
    const [undoFlight] = await takeJobs(zeebe, t('undo-flight'));
    expect(undoHotel.processInstanceKey).toBe(key);
    expect(undoFlight.processInstanceKey).toBe(key);
    // ... the step that never completed has nothing to undo ...
    expect(await noJobs(zeebe, t('undo-charge'))).toBe(true);
    // ... and the throw event waits for every handler.
    await zeebe.completeJob({ jobKey: undoFlight.key, variables: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await expectRead(engine, () => completedElements(engine, key)).not.toContain('undo-all');
    await zeebe.completeJob({ jobKey: undoHotel.key, variables: {} });
    expect(await untilEnded(engine, key)).toBe('COMPLETED');
    expect((await completedElements(engine, key)).slice(-4)).toEqual([
      'undo-hotel',
      'undo-all',
      'rolled-back',
      'rollback',
    ]);
  });

  test('throws naming an activityRef run only that handler, so successive throws undo newest first', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('trip-ordered'),
      variables: {},
    });
    await completeOne(zeebe, t('hotel'));
    await completeOne(zeebe, t('flight'));
    const [charge] = await takeJobs(zeebe, t('charge'));
    await zeebe.throwError({ jobKey: charge.key, errorCode: 'FAILED' });

    const [undoFlight] = await takeJobs(zeebe, t('undo-flight'));
    expect(await noJobs(zeebe, t('undo-hotel'))).toBe(true); // not before the flight is undone
    await zeebe.completeJob({ jobKey: undoFlight.key, variables: {} });
    await completeOne(zeebe, t('undo-hotel'));
    await untilEnded(engine, key);
    // the compensation end event completes once its handler did (boundary events left out: Zeebe records them too)
    await expectRead(engine, async () =>
      (await completedElements(engine, key)).filter((id) => !id.endsWith('-comp')).slice(-5),
    ).toEqual(['undo-flight', 'undo-flight-first', 'undo-hotel', 'undo-hotel-next', 'rollback']);
  });

  test('a terminate end event ends the instance and cancels the jobs of the other branch', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('trip-terminate'),
      variables: {},
    });
    const [slow] = await takeJobs(zeebe, t('slow'));
    await completeOne(zeebe, t('fast'));
    expect(await untilEnded(engine, key)).toBe('COMPLETED');
    await expect(zeebe.completeJob({ jobKey: slow.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    const slowInstance = await elementInstance(engine, key, 'slow');
    expect(slowInstance?.state).toBe('TERMINATED');
  });
});
