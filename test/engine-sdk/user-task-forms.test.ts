/**
 * Issue 21, point 2: Camunda user tasks linked to a deployed form (`zeebe:formDefinition formId`), through
 * the unmodified SDK (gRPC deploy and create, REST user task search) and GET /v2/user-tasks/{key}/form.
 * Binding `latest` gives the newest version when the task is created (a later version does not move it),
 * `deployment` the version deployed with the process, `versionTag` the newest version with that tag; the
 * form endpoint answers the form and its schema, and 204 for a task without a linked form.
 */
import { bpmnXml, type TestProcess } from '../support/bpmn';
import { clusterFetch } from '../support/cluster-fetch';
import { describeWithEngine } from '../support/describe-with-engine';
import { formJson } from '../support/dmn-and-form';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import { uniqueName as t } from './zeebe-harness';

const linked = (id: string, attrs: string): TestProcess => ({
  id: t(id),
  elements: `<bpmn:startEvent id="start"/><bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask/>
    <zeebe:formDefinition formId="${t('approval')}" ${attrs}/></bpmn:extensionElements></bpmn:userTask>`,
  flows: ['start -> approve'],
});

describeWithEngine('user tasks with a linked Camunda form', () => {
  const sdk = sdkCluster();

  const deployForm = async (label: string, versionTag?: string, ...more: { name: string; process: Buffer }[]) => {
    const deployed = await sdk.zeebe.deployResources([
      { name: 'approval.form', form: Buffer.from(formJson(t('approval'), label, versionTag)) },
      ...more,
    ]);
    return (deployed.deployments as { form?: { formKey: string } }[]).find((d) => d.form)?.form?.formKey as string;
  };
  const taskOf = (processInstanceKey: string) =>
    pollFor('the user task', async () => {
      const found = await sdk.engine.rest.searchUserTasks({ filter: { processInstanceKey } } as never);
      return found.items[0];
    });
  const start = async (p: TestProcess) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: p.id, variables: {} })).processInstanceKey;
  const deployProcess = (p: TestProcess) =>
    sdk.zeebe.deployResource({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) });

  test('latest: the newest form when the task is created; the form endpoint answers it', async () => {
    const latest = linked('latest-form', '');
    const v1 = await deployForm('Approved by');
    await deployProcess(latest);
    const first = await taskOf(await start(latest));
    expect(first.formKey).toBe(v1);
    const v2 = await deployForm('Signed off by');
    const second = await taskOf(await start(latest));
    expect(second.formKey).toBe(v2);
    expect((await taskOf(first.processInstanceKey)).formKey).toBe(v1);

    const res = await clusterFetch(`${sdk.cluster.restAddress}/v2/user-tasks/${second.userTaskKey}/form`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenantId: '<default>',
      formId: t('approval'),
      schema: JSON.parse(formJson(t('approval'), 'Signed off by')),
      version: expect.any(Number),
      formKey: v2,
    });
  });

  test('deployment and versionTag bindings; a task without a linked form answers 204', async () => {
    const byDeployment = linked('deployment-form', 'bindingType="deployment"');
    const withProcess = await deployForm('With the process', undefined, {
      name: 'deployment-form.bpmn',
      process: Buffer.from(bpmnXml(byDeployment)),
    });
    await deployForm('Deployed later');
    expect((await taskOf(await start(byDeployment))).formKey).toBe(withProcess);

    const byTag = linked('tagged-form', 'bindingType="versionTag" versionTag="v7"');
    const tagged = await deployForm('Tagged', 'v7');
    await deployForm('Untagged later');
    await deployProcess(byTag);
    expect((await taskOf(await start(byTag))).formKey).toBe(tagged);

    const plain: TestProcess = {
      id: t('no-form'),
      elements: `<bpmn:startEvent id="start"/><bpmn:userTask id="look"><bpmn:extensionElements><zeebe:userTask/></bpmn:extensionElements></bpmn:userTask>`,
      flows: ['start -> look'],
    };
    await deployProcess(plain);
    const task = await taskOf(await start(plain));
    expect(task.formKey).toBeUndefined();
    const res = await clusterFetch(`${sdk.cluster.restAddress}/v2/user-tasks/${task.userTaskKey}/form`);
    expect(res.status).toBe(204);
  });
});
