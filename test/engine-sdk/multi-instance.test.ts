/**
 * Issue 9, point 2, through the unmodified SDK over gRPC: parallel and sequential multi-instance on a
 * service task, an embedded sub-process and a call activity — inputElement, loopCounter, outputCollection
 * in item order whatever the completion order (the output element read from a variable made local by an
 * input mapping, as Camunda's docs advise), completionCondition over the body's numberOf* variables
 * (local to the body: gone from the process afterwards), a boundary event on the body, and an empty
 * collection that completes at once.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  expectRead,
  noJobs,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const HOUR = 3_600_000;

const loop = (settings: string, sequential = false, condition = '') =>
  `<bpmn:multiInstanceLoopCharacteristics${sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics ${settings}/></bpmn:extensionElements>${
    condition
      ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${condition}</bpmn:completionCondition>`
      : ''
  }</bpmn:multiInstanceLoopCharacteristics>`;

const processes: TestProcess[] = [
  {
    id: t('review-all'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:serviceTask id="review"><bpmn:extensionElements><zeebe:taskDefinition type="${t('review')}"/>
        <zeebe:ioMapping><zeebe:input source="= null" target="verdict"/></zeebe:ioMapping></bpmn:extensionElements>
        ${loop('inputCollection="= reviewers" inputElement="reviewer" outputCollection="verdicts" outputElement="= verdict"', false, '= numberOfCompletedInstances &gt;= quorum')}
      </bpmn:serviceTask>
      <bpmn:boundaryEvent id="too-slow" attachedToRef="review"><bpmn:timerEventDefinition><bpmn:timeDuration>PT24H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:endEvent id="reviewed"/><bpmn:endEvent id="timed-out"/>`,
    flows: ['start -> review -> reviewed', 'too-slow -> timed-out'],
  },
  {
    id: t('ship-each'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="per-parcel">
        ${loop('inputCollection="= parcels" inputElement="parcel" outputCollection="labels" outputElement="= label"', true, '= label = &quot;STOP&quot;')}
        <bpmn:startEvent id="p-start"/>${serviceTask('label-parcel', t('label'))}<bpmn:endEvent id="p-end"/>
        <bpmn:sequenceFlow id="p1" sourceRef="p-start" targetRef="label-parcel"/><bpmn:sequenceFlow id="p2" sourceRef="label-parcel" targetRef="p-end"/>
      </bpmn:subProcess><bpmn:endEvent id="end"/>`,
    flows: ['start -> per-parcel -> end'],
  },
  {
    id: t('notify'),
    elements: `<bpmn:startEvent id="n-start"/>${serviceTask('send', t('send'))}<bpmn:endEvent id="n-end"/>`,
    flows: ['n-start -> send -> n-end'],
  },
  {
    id: t('notify-all'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:callActivity id="notify-each"><bpmn:extensionElements><zeebe:calledElement processId="${t('notify')}" propagateAllChildVariables="false"/>
        <zeebe:ioMapping><zeebe:output source="= sentTo" target="sentTo"/></zeebe:ioMapping></bpmn:extensionElements>
        ${loop('inputCollection="= customers" inputElement="customer" outputCollection="receipts" outputElement="= sentTo"')}
      </bpmn:callActivity><bpmn:endEvent id="end"/>`,
    flows: ['start -> notify-each -> end'],
  },
];

describeWithEngine('multi-instance through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('parallel: one job per item with inputElement and loopCounter; outputs in item order; numberOf* stay local', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('review-all'),
      variables: { reviewers: ['ann', 'bob', 'cy'], quorum: 3 },
    });
    const jobs = await takeJobs(zeebe, t('review'), 3);
    const seen = jobs.map((j) => j.variables as Record<string, unknown>);
    expect(seen.map((v) => [v.reviewer, v.loopCounter])).toEqual([
      ['ann', 1],
      ['bob', 2],
      ['cy', 3],
    ]);
    expect(seen[0]).toMatchObject({ numberOfInstances: 3, numberOfActiveInstances: 3, numberOfCompletedInstances: 0 });
    for (const job of [...jobs].reverse()) {
      await zeebe.completeJob({
        jobKey: job.key,
        variables: { verdict: `ok-${(job.variables as { reviewer: string }).reviewer}` },
      });
    }
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'review', 'review', 'review', 'review', 'reviewed']);
    expect(await rootVariables(engine, key)).toEqual({
      reviewers: ['ann', 'bob', 'cy'],
      quorum: 3,
      verdicts: ['ok-ann', 'ok-bob', 'ok-cy'],
    });
  });

  test('the completion condition ends the body early and terminates the instances still running', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('review-all'),
      variables: { reviewers: ['ann', 'bob', 'cy'], quorum: 2 },
    });
    const jobs = await takeJobs(zeebe, t('review'), 3);
    await zeebe.completeJob({ jobKey: jobs[2].key, variables: { verdict: 'late-yes' } });
    await zeebe.completeJob({ jobKey: jobs[0].key, variables: { verdict: 'yes' } });
    await untilEnded(engine, key);
    expect((await rootVariables(engine, key)).verdicts).toEqual(['yes', null, 'late-yes']);
    await expect(zeebe.completeJob({ jobKey: jobs[1].key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test('a boundary timer on the body interrupts every instance; an empty collection completes at once', async () => {
    const { zeebe, engine } = sdk;
    const slow = await zeebe.createProcessInstance({
      bpmnProcessId: t('review-all'),
      variables: { reviewers: ['ann', 'bob'], quorum: 2 },
    });
    const jobs = await takeJobs(zeebe, t('review'), 2);
    await engine.clock.advance(24 * HOUR);
    await untilEnded(engine, slow.processInstanceKey);
    expect(await completedElements(engine, slow.processInstanceKey)).toEqual(['start', 'too-slow', 'timed-out']);
    for (const job of jobs)
      await expect(zeebe.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);

    const empty = await zeebe.createProcessInstance({
      bpmnProcessId: t('review-all'),
      variables: { reviewers: [], quorum: 0 },
    });
    await untilEnded(engine, empty.processInstanceKey);
    expect(await completedElements(engine, empty.processInstanceKey)).toEqual(['start', 'review', 'reviewed']);
    expect((await rootVariables(engine, empty.processInstanceKey)).verdicts).toEqual([]);
    expect(await noJobs(zeebe, t('review'))).toBe(true);
  });

  test('sequential on a sub-process: one item at a time, stopped by the completion condition', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('ship-each'),
      variables: { parcels: ['p1', 'p2', 'p3'] },
    });
    const [first] = await takeJobs(zeebe, t('label'));
    expect(first.variables).toMatchObject({ parcel: 'p1', loopCounter: 1 });
    expect(await noJobs(zeebe, t('label'))).toBe(true);
    await zeebe.completeJob({ jobKey: first.key, variables: { label: 'L-p1' } });
    const second = await completeOne(zeebe, t('label'), { label: 'STOP' });
    expect(second.variables).toMatchObject({ parcel: 'p2', loopCounter: 2 });
    await untilEnded(engine, key);
    expect(await noJobs(zeebe, t('label'))).toBe(true);
    expect(await completedElements(engine, key)).toEqual([
      'start',
      'p-start',
      'label-parcel',
      'p-end',
      'per-parcel',
      'p-start',
      'label-parcel',
      'p-end',
      'per-parcel',
      'per-parcel',
      'end',
    ]);
    await expectRead(engine, async () => (await rootVariables(engine, key)).labels).toEqual(['L-p1', 'STOP', null]);
  });

  test('parallel on a call activity: one child per item, each child result collected from its output mapping', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('notify-all'),
      variables: { customers: ['c1', 'c2'] },
    });
    const jobs = await takeJobs(zeebe, t('send'), 2);
    expect(jobs.map((j) => j.bpmnProcessId)).toEqual([t('notify'), t('notify')]);
    expect(new Set(jobs.map((j) => j.processInstanceKey)).size).toBe(2);
    for (const job of jobs) {
      await zeebe.completeJob({
        jobKey: job.key,
        variables: { sentTo: `mail:${(job.variables as { customer: string }).customer}` },
      });
    }
    await untilEnded(engine, key);
    const variables = await rootVariables(engine, key);
    expect(variables.receipts).toEqual(['mail:c1', 'mail:c2']);
    // the output mapping propagates to the process too (last completion wins); the loop variables stay local
    expect(variables).toEqual({ customers: ['c1', 'c2'], receipts: ['mail:c1', 'mail:c2'], sentTo: 'mail:c2' });
  });
});
