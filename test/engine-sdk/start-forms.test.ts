/**
 * Issue 23, item 3: a process's start form (`GET /v2/process-definitions/{key}/form`), what a Tasklist shows
 * to start the process. The form linked to the none start event (`zeebe:formDefinition formId`) in its newest
 * version; 204 for a process whose start event links none; 404 for an unknown definition; `hasStartForm` in
 * the process definition search says which have one. Deployed and
 * started through the unmodified SDK.
 */
import { bpmnXml, type TestProcess } from '../support/bpmn';
import { clusterFetch } from '../support/cluster-fetch';
import { describeWithEngine } from '../support/describe-with-engine';
import { formJson } from '../support/dmn-and-form';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import { uniqueName as t } from './zeebe-harness';

describeWithEngine('start forms', () => {
  const sdk = sdkCluster();

  const deploy = async (p: TestProcess) => {
    const deployed = await sdk.zeebe.deployResource({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) });
    return deployed.deployments[0].process.processDefinitionKey;
  };
  const startForm = (processDefinitionKey: string) =>
    pollFor('the definition', async () => {
      const res = await clusterFetch(`${sdk.cluster.restAddress}/v2/process-definitions/${processDefinitionKey}/form`);
      return res.status === 404 ? undefined : res;
    });

  test("a start event's linked form, newest version; 204 without one; 404 for an unknown definition", async () => {
    const formId = t('request-form');
    await sdk.zeebe.deployResources([{ name: 'request.form', form: Buffer.from(formJson(formId, 'Requested by')) }]);
    const withForm = await deploy({
      id: t('started-with-form'),
      elements: `<bpmn:startEvent id="start"><bpmn:extensionElements><zeebe:formDefinition formId="${formId}"/></bpmn:extensionElements></bpmn:startEvent><bpmn:endEvent id="end"/>`,
      flows: ['start -> end'],
    });
    const deployed = await sdk.zeebe.deployResources([
      { name: 'request.form', form: Buffer.from(formJson(formId, 'Asked for by')) },
    ]);
    const newest = (deployed.deployments as { form?: { formKey: string } }[]).find((d) => d.form)?.form?.formKey;

    const res = await startForm(withForm);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      tenantId: '<default>',
      formId,
      schema: JSON.parse(formJson(formId, 'Asked for by')),
      version: expect.any(Number),
      formKey: newest,
    });

    const without = await deploy({
      id: t('started-plain'),
      elements: '<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>',
      flows: ['start -> end'],
    });
    expect((await startForm(without)).status).toBe(204);

    // the definitions say which have one (Camunda's hasStartForm)
    const found = await clusterFetch(`${sdk.cluster.restAddress}/v2/process-definitions/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { processDefinitionKey: { $in: [withForm, without] } } }),
    });
    const items = ((await found.json()) as { items: { processDefinitionKey: string; hasStartForm: boolean }[] }).items;
    expect(Object.fromEntries(items.map((d) => [d.processDefinitionKey, d.hasStartForm]))).toEqual({
      [withForm]: true,
      [without]: false,
    });

    const unknown = await clusterFetch(`${sdk.cluster.restAddress}/v2/process-definitions/2251799813999999/form`);
    expect(unknown.status).toBe(404);
  });
});
