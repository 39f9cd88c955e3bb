/**
 * Issue 2, point 1 through the unmodified SDK over gRPC: DeployResource rejects what Zeebe rejects (no
 * executable process, a job worker without zeebe:taskDefinition or with a task type that is no valid FEEL, a
 * message catch without a message name or correlation key, waitForCompletion="false", a compensation event
 * sub-process) with INVALID_ARGUMENT naming the element id, deploys nothing from a rejected request,
 * versions per bpmnProcessId and returns the existing version for identical XML. Keys are int64 strings.
 * (Unsupported element kinds, issue 9, are in deploy-validation.test.ts.)
 */
import * as grpc from '@grpc/grpc-js';
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { uniqueName as t, takeJobs } from './zeebe-harness';

const simple = (id: string, type: string): TestProcess => ({
  id,
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', type)}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});

/** A process whose only fault is the given element (after a none start event). */
const withElement = (element: string, definitions = ''): TestProcess => ({
  id: t('broken'),
  elements: `<bpmn:startEvent id="start"/>${element}`,
  definitions,
});

interface Rejection {
  code: number;
  details: string;
}

describeWithEngine('DeployResource rules through the SDK over gRPC', () => {
  const sdk = sdkCluster();

  const rejection = (xml: string, name = 'broken.bpmn'): Promise<Rejection> =>
    sdk.zeebe.deployResource({ name, process: Buffer.from(xml) }).then(
      () => ({ code: grpc.status.OK, details: 'deployed' }),
      (err: Rejection) => err,
    );

  const rejected = async (process: TestProcess, elementId: string, reason: RegExp) => {
    const error = await rejection(bpmnXml(process));
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain(`Element: ${elementId}`);
    expect(error.details).toMatch(reason);
  };

  test('a resource without an executable process', async () => {
    const xml = bpmnXml(simple(t('not-executable'), t('work'))).replace('isExecutable="true"', 'isExecutable="false"');
    const error = await rejection(xml, 'not-executable.bpmn');
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain("'not-executable.bpmn': Must contain at least one executable process");
  });

  test('a service task without zeebe:taskDefinition, or with a task type that is not valid FEEL', async () => {
    await rejected(withElement('<bpmn:serviceTask id="charge"/>'), 'charge', /zeebe:taskDefinition/);
    await rejected(withElement(serviceTask('charge', '= 1 +')), 'charge', /FEEL expression for job type/);
  });

  test('a message catch event or receive task without a message name or without a correlation key', async () => {
    const catchEvent = (ref: string) =>
      `<bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition${ref}/></bpmn:intermediateCatchEvent>`;
    await rejected(withElement(catchEvent('')), 'wait', /message with a name/);
    await rejected(
      withElement(catchEvent(' messageRef="m"'), `<bpmn:message id="m" name="${t('paid')}"/>`),
      'wait',
      /correlation key/,
    );
    await rejected(
      withElement(`<bpmn:receiveTask id="receive" messageRef="m"/>`, `<bpmn:message id="m" name="${t('paid')}"/>`),
      'receive',
      /correlation key/,
    );
  });

  // issue 21 turned this around: execution listeners run (execution-listeners.test.ts); Zeebe's own refusals stay
  test('execution listeners Zeebe refuses: the same eventType and type twice on one element', async () => {
    const listeners =
      '<zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit"/><zeebe:executionListener eventType="start" type="audit"/></zeebe:executionListeners>';
    await rejected(
      withElement(serviceTask('charge', t('charge'), listeners)),
      'charge',
      /Found '2' duplicates based on eventType\[start\] and type\[audit\], these combinations should be unique\./,
    );
  });

  test("compensation throws with waitForCompletion='false' and compensation event sub-processes", async () => {
    await rejected(
      withElement(
        '<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition waitForCompletion="false"/></bpmn:intermediateThrowEvent>',
      ),
      'undo',
      /waitForCompletion/,
    );
    await rejected(
      withElement(`<bpmn:subProcess id="compensation-sub" triggeredByEvent="true">
        <bpmn:startEvent id="on-compensate"><bpmn:compensateEventDefinition/></bpmn:startEvent></bpmn:subProcess>`),
      'compensation-sub',
      /compensation event sub-process/,
    );
  });

  test('a rejected request deploys none of its resources, even the valid ones', async () => {
    const { zeebe } = sdk;
    const good = simple(t('good'), t('good-work'));
    const error: Rejection = await zeebe
      .deployResources([
        { name: 'good.bpmn', process: Buffer.from(bpmnXml(good)) },
        { name: 'broken.bpmn', process: Buffer.from(bpmnXml(withElement('<bpmn:serviceTask id="charge"/>'))) },
      ])
      .then(
        () => ({ code: grpc.status.OK, details: 'deployed' }),
        (e: Rejection) => e,
      );
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    const create = await zeebe.createProcessInstance({ bpmnProcessId: good.id, variables: {} }).catch((e) => e);
    expect(create.code).toBe(grpc.status.NOT_FOUND);
  });

  test('versions per bpmnProcessId: the same resource again returns the existing version; a change makes the next', async () => {
    const { zeebe } = sdk;
    const id = t('versioned');
    const deployOnce = async (type: string, name = `${id}.bpmn`) => {
      const result = await zeebe.deployResource({ name, process: Buffer.from(bpmnXml(simple(id, type))) });
      return result.deployments[0].process;
    };
    const v1 = await deployOnce(t('v1-work'));
    const again = await deployOnce(t('v1-work'));
    const v2 = await deployOnce(t('v2-work'));
    expect(v1).toMatchObject({ bpmnProcessId: id, version: 1 });
    expect(String(v1.processDefinitionKey)).toMatch(/^\d+$/);
    expect(again).toEqual(v1);
    expect(v2).toMatchObject({ bpmnProcessId: id, version: 2 });
    expect(v2.processDefinitionKey).not.toBe(v1.processDefinitionKey);
    // Zeebe's duplicate check includes the resource name: the same XML under another name is a new version
    expect(await deployOnce(t('v2-work'), `renamed-${id}.bpmn`)).toMatchObject({ version: 3 });

    // the latest version by default; an older one by version number
    const latest = await zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const older = await zeebe.createProcessInstance({ bpmnProcessId: id, version: 1, variables: {} });
    expect(latest.version).toBe(3);
    expect(older.version).toBe(1);
    const [v3Job] = await takeJobs(zeebe, t('v2-work'));
    const [v1Job] = await takeJobs(zeebe, t('v1-work'));
    expect(v3Job.processInstanceKey).toBe(latest.processInstanceKey);
    expect(v1Job.processInstanceKey).toBe(older.processInstanceKey);
    for (const key of [latest.processInstanceKey, older.processInstanceKey]) await zeebe.cancelProcessInstance(key);
  });
});
