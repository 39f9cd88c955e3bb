/**
 * Issue 9, point 4: BroadcastSignal through the unmodified SDK — over gRPC and over REST
 * (POST /v2/signals/broadcast) — reaches signal start events, intermediate catch events, interrupting
 * boundary events and non-interrupting event sub-process starts, carrying its variables; a signal end
 * event broadcasts to other instances. Nothing is buffered: a signal before anyone waits is lost.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  activeElements,
  completedElements,
  completeOne,
  expectRead,
  instanceState,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const signal = (id: string, name: string) => `<bpmn:signal id="${id}" name="${t(name)}"/>`;

const processes: TestProcess[] = [
  {
    id: t('on-recall'),
    elements: `<bpmn:startEvent id="recall-received"><bpmn:signalEventDefinition signalRef="s-recall"/></bpmn:startEvent>
      ${serviceTask('notify-customers', t('notify-customers'))}<bpmn:endEvent id="notified"/>`,
    flows: ['recall-received -> notify-customers -> notified'],
    definitions: signal('s-recall', 'product-recall'),
  },
  {
    id: t('production'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('assemble', t('assemble'))}
      <bpmn:intermediateCatchEvent id="await-release"><bpmn:signalEventDefinition signalRef="s-release"/></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="shipped"/>
      <bpmn:boundaryEvent id="recalled" attachedToRef="assemble"><bpmn:signalEventDefinition signalRef="s-recall"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="scrapped"/>
      <bpmn:subProcess id="audit" triggeredByEvent="true">
        <bpmn:startEvent id="audit-requested" isInterrupting="false"><bpmn:signalEventDefinition signalRef="s-audit"/></bpmn:startEvent>
        ${serviceTask('report', t('report'))}<bpmn:endEvent id="audited"/>
        <bpmn:sequenceFlow id="a1" sourceRef="audit-requested" targetRef="report"/><bpmn:sequenceFlow id="a2" sourceRef="report" targetRef="audited"/>
      </bpmn:subProcess>`,
    flows: ['start -> assemble -> await-release -> shipped', 'recalled -> scrapped'],
    definitions: `${signal('s-recall', 'product-recall')}${signal('s-release', 'batch-released')}${signal('s-audit', 'audit')}`,
  },
  {
    id: t('release-batch'),
    elements: `<bpmn:startEvent id="start"/><bpmn:endEvent id="released"><bpmn:signalEventDefinition signalRef="s-release"/></bpmn:endEvent>`,
    flows: ['start -> released'],
    definitions: signal('s-release', 'batch-released'),
  },
];

describeWithEngine('signals through the SDK', () => {
  const sdk = sdkCluster(...processes);

  test('gRPC: a signal starts a process at its signal start event and interrupts a task through a boundary event', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('production'),
      variables: {},
    });
    const [assemble] = await takeJobs(zeebe, t('assemble'));
    const broadcast = await zeebe.broadcastSignal({ signalName: t('product-recall'), variables: { batch: 'B-7' } });
    expect(broadcast.key).toMatch(/^\d+$/);
    const notify = await completeOne(zeebe, t('notify-customers'));
    expect(notify.bpmnProcessId).toBe(t('on-recall'));
    expect(notify.variables).toEqual({ batch: 'B-7' });
    await untilEnded(engine, notify.processInstanceKey);
    expect(await completedElements(engine, notify.processInstanceKey)).toEqual([
      'recall-received',
      'notify-customers',
      'notified',
    ]);
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual(['start', 'recalled', 'scrapped']);
    expect(await rootVariables(engine, key)).toEqual({ batch: 'B-7' });
    await expect(zeebe.completeJob({ jobKey: assemble.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  test('REST: a signal starts a non-interrupting event sub-process; a signal end event releases a waiting catch event', async () => {
    const { cluster, zeebe, engine } = sdk;
    const rest = cluster.camunda.getCamundaRestClient();
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('production'),
      variables: {},
    });
    // nothing is buffered: released before anyone waits, the signal is lost
    await zeebe.createProcessInstance({ bpmnProcessId: t('release-batch'), variables: {} });
    const response = await rest.broadcastSignal({ signalName: t('audit'), variables: { auditor: 'QA' } });
    expect(String(response.signalKey)).toMatch(/^\d+$/);
    const report = await completeOne(zeebe, t('report'));
    expect(report.processInstanceKey).toBe(key);
    expect(report.variables).toMatchObject({ auditor: 'QA' });
    await pollFor('the audit to finish', async () => (await completedElements(engine, key)).includes('audit'));
    await expectRead(engine, () => instanceState(engine, key)).toBe('ACTIVE');
    await completeOne(zeebe, t('assemble'));
    await pollFor('the catch event to wait', async () => (await activeElements(engine, key)).includes('await-release'));
    const release = await zeebe.createProcessInstance({ bpmnProcessId: t('release-batch'), variables: {} });
    await untilEnded(engine, key);
    expect(await completedElements(engine, key)).toEqual([
      'start',
      'audit-requested',
      'report',
      'audited',
      'audit',
      'assemble',
      'await-release',
      'shipped',
    ]);
    expect(await untilEnded(engine, release.processInstanceKey)).toBe('COMPLETED');
  });
});
