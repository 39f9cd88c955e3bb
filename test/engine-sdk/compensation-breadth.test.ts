/**
 * Issue 9, point 8 (Zeebe 8.5+ compensation), through the unmodified SDK over gRPC: compensation handlers
 * that are an embedded sub-process, a call activity and a multi-instance activity; compensating a
 * multi-instance activity runs its handler once, after all its instances completed (not once per item).
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { completedElements, completeOne, noJobs, uniqueName as t, takeJobs, untilEnded } from './zeebe-harness';

const loop = (collection: string, element: string) =>
  `<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="${collection}" inputElement="${element}"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
const compensation = (activity: string, handler: string) =>
  `<bpmn:boundaryEvent id="${activity}-comp" attachedToRef="${activity}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
   <bpmn:association id="${activity}-assoc" associationDirection="One" sourceRef="${activity}-comp" targetRef="${handler}"/>`;
const job = (id: string, extra = '', attrs = '') =>
  `<bpmn:serviceTask id="${id}" ${attrs}><bpmn:extensionElements><zeebe:taskDefinition type="${t(id)}"/></bpmn:extensionElements>${extra}</bpmn:serviceTask>`;

const processes: TestProcess[] = [
  {
    id: t('cancel-flight'),
    elements: `<bpmn:startEvent id="cf-start"/>${serviceTask('call-airline', t('call-airline'))}<bpmn:endEvent id="cf-end"/>`,
    flows: ['cf-start -> call-airline -> cf-end'],
  },
  {
    id: t('trip'),
    elements: `<bpmn:startEvent id="start"/>
      ${job('charge-card', loop('= cards', 'card'))}${job('refund-all', '', 'isForCompensation="true"')}${compensation('charge-card', 'refund-all')}
      ${job('book-hotel')}
      <bpmn:subProcess id="cancel-hotel" isForCompensation="true">
        <bpmn:startEvent id="ch-start"/>${serviceTask('release-room', t('release-room'))}${serviceTask('apologise', t('apologise'))}<bpmn:endEvent id="ch-end"/>
        <bpmn:sequenceFlow id="ch1" sourceRef="ch-start" targetRef="release-room"/><bpmn:sequenceFlow id="ch2" sourceRef="release-room" targetRef="apologise"/>
        <bpmn:sequenceFlow id="ch3" sourceRef="apologise" targetRef="ch-end"/>
      </bpmn:subProcess>${compensation('book-hotel', 'cancel-hotel')}
      ${job('book-flight')}
      <bpmn:callActivity id="undo-flight" isForCompensation="true"><bpmn:extensionElements><zeebe:calledElement processId="${t('cancel-flight')}"/></bpmn:extensionElements></bpmn:callActivity>
      ${compensation('book-flight', 'undo-flight')}
      ${job('reserve-seats')}${job('release-seat', loop('= seats', 'seat'), 'isForCompensation="true"')}${compensation('reserve-seats', 'release-seat')}
      <bpmn:exclusiveGateway id="confirmed"/>
      <bpmn:intermediateThrowEvent id="undo-trip"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>
      <bpmn:endEvent id="cancelled"/><bpmn:endEvent id="booked"/>`,
    flows: [
      'start -> charge-card -> book-hotel -> book-flight -> reserve-seats -> confirmed',
      'confirmed -> booked [= ok]',
      'confirmed -> undo-trip [default]',
      'undo-trip -> cancelled',
    ],
  },
];

describeWithEngine('compensation breadth through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  const book = async (ok: boolean) => {
    const { zeebe } = sdk;
    const { processInstanceKey } = await zeebe.createProcessInstance({
      bpmnProcessId: t('trip'),
      variables: { cards: ['visa', 'amex', 'mc'], seats: ['12A', '12B'], ok },
    });
    const charges = await takeJobs(zeebe, t('charge-card'), 3);
    for (const charge of charges) await zeebe.completeJob({ jobKey: charge.key, variables: {} });
    await completeOne(zeebe, t('book-hotel'));
    await completeOne(zeebe, t('book-flight'));
    await completeOne(zeebe, t('reserve-seats'));
    return processInstanceKey;
  };

  test('sub-process, call activity and multi-instance handlers run; the multi-instance activity is undone once', async () => {
    const { zeebe, engine } = sdk;
    const key = await book(false);
    // every handler starts at once (Zeebe invokes them together, in no particular order)
    const [refund] = await takeJobs(zeebe, t('refund-all'));
    expect(await noJobs(zeebe, t('refund-all'))).toBe(true);
    await zeebe.completeJob({ jobKey: refund.key, variables: {} });
    await completeOne(zeebe, t('release-room'));
    await completeOne(zeebe, t('apologise'));
    const airline = await completeOne(zeebe, t('call-airline'));
    expect(airline.bpmnProcessId).toBe(t('cancel-flight'));
    const seats = await takeJobs(zeebe, t('release-seat'), 2);
    expect(seats.map((j) => (j.variables as { seat: string }).seat)).toEqual(['12A', '12B']);
    for (const job of seats) await zeebe.completeJob({ jobKey: job.key, variables: {} });
    await untilEnded(engine, key);
    const done = await completedElements(engine, key);
    expect(done.slice(-2)).toEqual(['undo-trip', 'cancelled']);
    expect(done.filter((id) => id === 'refund-all')).toHaveLength(1);
    expect(done).toEqual(expect.arrayContaining(['cancel-hotel', 'undo-flight', 'release-seat']));
    // the throw event waited for the last handler
    expect(done.indexOf('undo-trip')).toBeGreaterThan(
      Math.max(done.indexOf('cancel-hotel'), done.indexOf('undo-flight'), done.lastIndexOf('release-seat')),
    );
  });

  test('without a compensation throw no handler runs', async () => {
    const { zeebe, engine } = sdk;
    const key = await book(true);
    await untilEnded(engine, key);
    expect((await completedElements(engine, key)).slice(-2)).toEqual(['confirmed', 'booked']);
    expect(await noJobs(zeebe, t('refund-all'))).toBe(true);
    expect(await noJobs(zeebe, t('release-room'))).toBe(true);
  });
});
