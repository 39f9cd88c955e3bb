/**
 * Issue 9, point 7, through the unmodified SDK (DeleteResource over gRPC and POST
 * /v2/resources/{key}/deletion over REST), as Zeebe 8.8 documents it: a definition with running instances
 * cannot be deleted (FAILED_PRECONDITION / 409); once they ended it can, creating that version is NOT_FOUND,
 * the previous version becomes the latest (its timer start event fires again), versions are never
 * reused, and a call activity to a process with no version left raises an incident.
 */
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import {
  completeOne,
  definitionsOf,
  deploy,
  expectRead,
  openIncident,
  processInstance,
  settleMs,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const HOUR = 3_600_000;

const version = (end: string, withTimer = false): TestProcess => ({
  id: t('invoice'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('bill', t('bill'))}<bpmn:endEvent id="${end}"/>${
    withTimer
      ? '<bpmn:startEvent id="nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT24H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>'
      : ''
  }`,
  flows: ['start -> bill', `bill -> ${end}`, ...(withTimer ? [`nightly -> bill`] : [])],
});

describeWithEngine('resource deletion through the SDK', () => {
  const sdk = sdkCluster();

  const deployOne = async (p: TestProcess) =>
    (await sdk.zeebe.deployResource({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) })).deployments[0].process;

  test('gRPC: refused while an instance runs; then deleted, the previous version (and its timer start) is latest again', async () => {
    const { zeebe, engine } = sdk;
    const v1 = await deployOne(version('billed-v1', true));
    const v2 = await deployOne(version('billed-v2'));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const running = await zeebe.createProcessInstance({ bpmnProcessId: t('invoice'), variables: {} });
    await expect(zeebe.deleteResource({ resourceKey: v2.processDefinitionKey })).rejects.toThrow(
      /FAILED_PRECONDITION.*there are still running instances/s,
    );
    await completeOne(zeebe, t('bill'));
    await untilEnded(engine, running.processInstanceKey);
    await zeebe.deleteResource({ resourceKey: v2.processDefinitionKey });
    await expect(
      zeebe.createProcessInstance({ bpmnProcessId: t('invoice'), version: 2, variables: {} }),
    ).rejects.toThrow(/NOT_FOUND/);
    await expect(zeebe.deleteResource({ resourceKey: v2.processDefinitionKey })).rejects.toThrow(/NOT_FOUND/);
    const latest = await zeebe.createProcessInstance({ bpmnProcessId: t('invoice'), variables: {} });
    expect(latest.version).toBe(1);
    await completeOne(zeebe, t('bill'));
    // v1's timer start event is active again
    await engine.clock.advance(24 * HOUR);
    const nightly = await completeOne(zeebe, t('bill'));
    expect(nightly.processDefinitionVersion).toBe(1);
    await expectRead(
      engine,
      async () => (await processInstance(engine, nightly.processInstanceKey))?.processDefinitionKey,
    ).toBe(v1.processDefinitionKey);
    // a new deployment never reuses version 2
    const v3 = await deployOne(version('billed-v3'));
    expect(v3.version).toBe(3);
  });

  test('REST: 409 while an instance runs, 200 once it ended; a call activity to a deleted process raises an incident', async () => {
    const { cluster, zeebe, engine } = sdk;
    const rest = cluster.camunda.getCamundaRestClient();
    const child: TestProcess = {
      id: t('archive'),
      elements: `<bpmn:startEvent id="s"/>${serviceTask('store', t('store'))}<bpmn:endEvent id="e"/>`,
      flows: ['s -> store -> e'],
    };
    const parent: TestProcess = {
      id: t('close-case'),
      elements: `<bpmn:startEvent id="s"/><bpmn:callActivity id="archive-case"><bpmn:extensionElements><zeebe:calledElement processId="${t('archive')}"/></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e"/>`,
      flows: ['s -> archive-case -> e'],
    };
    await deploy(zeebe, child, parent);
    // the definitions search trails the deployment on a cluster with secondary storage
    const childDefinition = await pollFor(
      'the deployed child definition to show in searches',
      async () => (await definitionsOf(engine, t('archive')))[0],
      5_000 + settleMs(engine),
    );
    const childKey = childDefinition.processDefinitionKey;
    const running = await zeebe.createProcessInstance({ bpmnProcessId: t('archive'), variables: {} });
    await expect(rest.deleteResource({ resourceKey: childKey })).rejects.toThrow(/409/);
    await completeOne(zeebe, t('store'));
    await untilEnded(engine, running.processInstanceKey);
    await rest.deleteResource({ resourceKey: childKey });
    const orphan = await zeebe.createProcessInstance({ bpmnProcessId: t('close-case'), variables: {} });
    const incident = await openIncident(engine, orphan.processInstanceKey);
    expect(incident).toMatchObject({ elementId: 'archive-case', errorType: 'CALLED_ELEMENT_ERROR' });
    expect(incident.errorMessage).toContain(t('archive'));
  });
});
