/**
 * Issue 2, points 2, 4 and 6 through the unmodified SDK over gRPC: FEEL in task type, retries, headers,
 * conditions and io mappings; the job lifecycle (timeout, fail with backoff on the engine clock, incident
 * at retries 0, UpdateJobRetries + ResolveIncident, UpdateJobTimeout, fetchVariable); variable scoping with
 * SetVariables local and global.
 */
import { serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completeOne,
  elementInstance,
  noJobs,
  openIncident,
  rootVariables,
  uniqueName as t,
  takeJobs,
  untilEnded,
} from './zeebe-harness';

const processes: TestProcess[] = [
  {
    id: t('routed'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:serviceTask id="work"><bpmn:extensionElements>
        <zeebe:taskDefinition type="= &quot;${t('route')}-&quot; + region" retries="= 1 + 2"/>
        <zeebe:taskHeaders><zeebe:header key="priority" value="high"/></zeebe:taskHeaders>
        <zeebe:ioMapping><zeebe:input source="= order.total * 1.2" target="gross"/><zeebe:output source="= gross &gt; 100" target="large"/></zeebe:ioMapping>
      </bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:exclusiveGateway id="size"/>${serviceTask('big', t('big'))}${serviceTask('small', t('small'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> size', 'size -> big [= large]', 'size -> small [default]', 'big -> end', 'small -> end'],
  },
  {
    id: t('flaky'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('call', t('call'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> call -> end'],
  },
  {
    id: t('scoped'),
    elements: `<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="inner">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="= 0" target="attempts"/></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:startEvent id="s"/>${serviceTask('step', t('step'))}<bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="i1" sourceRef="s" targetRef="step"/><bpmn:sequenceFlow id="i2" sourceRef="step" targetRef="e"/>
      </bpmn:subProcess>${serviceTask('after', t('after'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> inner -> after -> end'],
  },
];

describeWithEngine('jobs, expressions and variables through the SDK over gRPC', () => {
  const sdk = sdkCluster(...processes);

  test('FEEL decides the job type, retries, input and output mappings and the gateway branch', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('routed'),
      variables: { region: 'eu', order: { total: 100 } },
    });
    const job = await completeOne(zeebe, `${t('route')}-eu`, { gross: 999 });
    expect(job.retries).toBe(3);
    expect(job.customHeaders).toEqual({ priority: 'high' });
    expect(job.variables).toMatchObject({ region: 'eu', gross: 120 });
    // the output mapping read the job's result (999 > 100), and only `large` left the task
    await completeOne(zeebe, t('big'));
    await untilEnded(engine, key);
    expect(await rootVariables(engine, key)).toEqual({ region: 'eu', order: { total: 100 }, large: true });

    const small = await zeebe.createProcessInstance({
      bpmnProcessId: t('routed'),
      variables: { region: 'us', order: { total: 1 } },
    });
    await completeOne(zeebe, `${t('route')}-us`);
    await completeOne(zeebe, t('small'));
    await untilEnded(engine, small.processInstanceKey);
    expect((await rootVariables(engine, small.processInstanceKey)).large).toBe(false);
  });

  test('a job whose timeout passes on the engine clock can be activated again; UpdateJobTimeout extends it', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('flaky'),
      variables: { n: 1 },
    });
    const [first] = await zeebe.activateJobs({
      type: t('call'),
      worker: 'w1',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 2_000,
    });
    expect(await noJobs(zeebe, t('call'))).toBe(true);
    await zeebe.updateJobTimeout({ jobKey: first.key, timeout: 120_000 });
    await engine.clock.advance(90_000);
    expect(await noJobs(zeebe, t('call'))).toBe(true); // the new timeout holds
    await engine.clock.advance(40_000);
    const [again] = await takeJobs(zeebe, t('call'));
    expect(again.key).toBe(first.key);
    await zeebe.completeJob({ jobKey: again.key, variables: {} });
    expect(await untilEnded(engine, key)).toBe('COMPLETED');
  });

  test('fail with a backoff waits on the engine clock; retries 0 raises an incident that ResolveIncident clears', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({ bpmnProcessId: t('flaky'), variables: {} });
    const [job] = await takeJobs(zeebe, t('call'));
    await zeebe.failJob({ jobKey: job.key, retries: 1, errorMessage: 'timeout talking to bank', retryBackOff: 30_000 });
    expect(await noJobs(zeebe, t('call'))).toBe(true);
    await engine.clock.advance(30_000);
    const [retried] = await takeJobs(zeebe, t('call'));
    expect(retried.retries).toBe(1);
    await zeebe.failJob({ jobKey: retried.key, retries: 0, errorMessage: 'bank is down', retryBackOff: 0 });
    const incident = await openIncident(engine, key);
    expect(incident).toMatchObject({ elementId: 'call', errorType: 'JOB_NO_RETRIES', errorMessage: 'bank is down' });
    expect(await noJobs(zeebe, t('call'))).toBe(true);

    await zeebe.updateJobRetries({ jobKey: retried.key, retries: 2 });
    await zeebe.resolveIncident({ incidentKey: incident.incidentKey });
    const [afterResolve] = await takeJobs(zeebe, t('call'));
    expect(afterResolve.retries).toBe(2);
    await zeebe.completeJob({ jobKey: afterResolve.key, variables: {} });
    expect(await untilEnded(engine, key)).toBe('COMPLETED');
  });

  test('fetchVariable limits what a job carries', async () => {
    const { zeebe } = sdk;
    await zeebe.createProcessInstance({ bpmnProcessId: t('flaky'), variables: { keep: 1, drop: 2 } });
    const [job] = await zeebe.activateJobs({
      type: t('call'),
      worker: 'w',
      timeout: 60_000,
      maxJobsToActivate: 1,
      requestTimeout: 2_000,
      fetchVariable: ['keep'],
    });
    expect(job.variables).toEqual({ keep: 1 });
    await zeebe.completeJob({ jobKey: job.key, variables: {} });
  });

  test('variables go to the scope that has them; SetVariables local stays in its scope', async () => {
    const { zeebe, engine } = sdk;
    const { processInstanceKey: key } = await zeebe.createProcessInstance({
      bpmnProcessId: t('scoped'),
      variables: {},
    });
    const [step] = await takeJobs(zeebe, t('step'));
    const inner = await pollFor('the sub-process to be visible', () => elementInstance(engine, key, 'inner'));
    await zeebe.setVariables({
      elementInstanceKey: inner.elementInstanceKey,
      variables: { note: 'inner only' },
      local: true,
    });
    await zeebe.setVariables({
      elementInstanceKey: inner.elementInstanceKey,
      variables: { shared: 'everywhere' },
      local: false,
    });
    await zeebe.completeJob({ jobKey: step.key, variables: { attempts: 1, result: 'ok' } });
    const [after] = await takeJobs(zeebe, t('after'));
    // `attempts` existed in the sub-process (input mapping), so it stayed there; `result` reached the process
    expect(after.variables).toEqual({ shared: 'everywhere', result: 'ok' });
    await zeebe.completeJob({ jobKey: after.key, variables: {} });
    await untilEnded(engine, key);
  });
});
