/**
 * Issue 2, point 3 (compensation, Zeebe 8.5+) through the unmodified SDK over gRPC: a throw without activityRef
 * also runs the handlers of activities inside a completed embedded sub-process, and an activity that completed
 * twice (a loop) has its handler run twice. Which handlers ran is read from the jobs the SDK could activate.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { completedElements, completeOne, noJobs, uniqueName as t, takeJobs, untilEnded } from './zeebe-harness';

/** A job-worker step with a compensation boundary event associated with its handler `undo-<id>`. */
const compensable = (id: string) => `${serviceTask(id, t(id))}
  <bpmn:boundaryEvent id="${id}-comp" attachedToRef="${id}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
  ${serviceTask(`undo-${id}`, t(`undo-${id}`), '', 'isForCompensation="true"')}
  <bpmn:association id="${id}-assoc" associationDirection="One" sourceRef="${id}-comp" targetRef="undo-${id}"/>`;

const processes: TestProcess[] = [
  {
    id: t('trip'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="booking"><bpmn:startEvent id="s"/>${compensable('hotel')}<bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="b1" sourceRef="s" targetRef="hotel"/><bpmn:sequenceFlow id="b2" sourceRef="hotel" targetRef="e"/>
      </bpmn:subProcess>
      ${compensable('parcel')}<bpmn:exclusiveGateway id="more"/>
      <bpmn:intermediateThrowEvent id="undo-all"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent><bpmn:endEvent id="end"/>`,
    flows: [
      'start -> booking -> parcel -> more',
      'more -> parcel [= count(sent) < 2]',
      'more -> undo-all [default]',
      'undo-all -> end',
    ],
  },
];

describeWithEngine('compensation scopes through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('handlers inside a completed sub-process run, and once per completion of a looped activity', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('trip'),
      variables: { sent: [] },
    });
    await completeOne(zeebe, t('hotel'));
    await completeOne(zeebe, t('parcel'), { sent: ['p1'] });
    await completeOne(zeebe, t('parcel'), { sent: ['p1', 'p2'] });

    const [undoHotel] = await takeJobs(zeebe, t('undo-hotel'));
    const undoParcels = await takeJobs(zeebe, t('undo-parcel'), 2);
    expect(undoHotel.processInstanceKey).toBe(key);
    expect(new Set(undoParcels.map((j) => j.elementInstanceKey)).size).toBe(2);
    expect(await noJobs(zeebe, t('undo-parcel'))).toBe(true);

    for (const job of [undoHotel, ...undoParcels]) await zeebe.completeJob({ jobKey: job.key, variables: {} });
    await untilEnded(engine, key);
    expect((await completedElements(engine, key)).slice(-2)).toEqual(['undo-all', 'end']);
  });
});
