/**
 * A Camunda user task binds its linked form when it activates, as Zeebe does: with no such form deployed the
 * element raises a FORM_NOT_FOUND incident in Zeebe's words and no task exists; once the form is deployed,
 * resolving the incident (REST v2) activates the element again and the task is created with the form's key.
 */
import { bpmnXml, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { formJson } from '../support/dmn-and-form';
import { pollFor } from '../support/eventually';
import { sdkCluster } from './sdk-cluster';
import { openIncident, uniqueName as t } from './zeebe-harness';

const linked = (id: string, formId: string, attrs = ''): TestProcess => ({
  id: t(id),
  elements: `<bpmn:startEvent id="start"/><bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask/>
    <zeebe:formDefinition formId="${formId}" ${attrs}/></bpmn:extensionElements></bpmn:userTask>`,
  flows: ['start -> approve'],
});

describeWithEngine('a linked form missing when the user task activates', () => {
  const sdk = sdkCluster();

  const deploy = (p: TestProcess) =>
    sdk.zeebe.deployResource({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) });
  const start = async (p: TestProcess) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: p.id, variables: {} })).processInstanceKey;
  const tasksOf = async (processInstanceKey: string) =>
    (await sdk.engine.rest.searchUserTasks({ filter: { processInstanceKey } } as never)).items;

  test('latest: FORM_NOT_FOUND incident, no task; deploy the form, resolve, the task has its formKey', async () => {
    const formId = t('missing-approval');
    const process = linked('form-later', formId);
    await deploy(process);
    const processInstanceKey = await start(process);

    const incident = await openIncident(sdk.engine, processInstanceKey);
    expect(incident).toMatchObject({
      errorType: 'FORM_NOT_FOUND',
      elementId: 'approve',
      errorMessage: `Expected to find a form with id '${formId}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id`,
    });
    expect(await tasksOf(processInstanceKey)).toEqual([]);

    const deployed = await sdk.zeebe.deployResources([
      { name: 'approval.form', form: Buffer.from(formJson(formId, 'Approved by')) },
    ]);
    const formKey = (deployed.deployments as { form?: { formKey: string } }[]).find((d) => d.form)?.form?.formKey;
    await sdk.engine.rest.resolveIncident(incident.incidentKey);

    const task = await pollFor('the user task', async () => (await tasksOf(processInstanceKey))[0]);
    expect(task).toMatchObject({ elementId: 'approve', formKey });
  });

  test('deployment binding: the incident names the deployment that lacks the form', async () => {
    const process = linked('form-not-with-it', t('other-form'), 'bindingType="deployment"');
    const deployment = await deploy(process);
    const incident = await openIncident(sdk.engine, await start(process));
    expect(incident).toMatchObject({
      errorType: 'FORM_NOT_FOUND',
      errorMessage: `Expected to use a form with id '${t('other-form')}' with binding type 'deployment', but no such form found in the deployment with key ${deployment.key} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended form to use.`,
    });
  });
});
