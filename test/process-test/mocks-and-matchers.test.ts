/**
 * Issue 28's mocks and assertions against a cluster from test/support/engine.ts: mock job workers that keep
 * handling jobs and never outlive their test, the assertions on terminated elements, counts, selectors by
 * name and type, local variables, predicates, user tasks and messages, the same as jest matchers, and
 * failure messages carrying variables and the UI link. Each assertion is also seen failing.
 */
import {
  byName,
  byType,
  createProcessTest,
  type ProcessInstanceAssert,
  type ProcessTest,
  type ProcessTestMatchers,
  processTestMatchers,
  runCptTestCase,
} from '../../src/process-test';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

expect.extend(processTestMatchers);
type Matchers = ProcessTestMatchers<void> & { not: ProcessTestMatchers<void> };
const expectInstance = (instance: ProcessInstanceAssert) => expect(instance) as unknown as Matchers;

const run = Date.now().toString(36);
const id = (name: string) => `mm-${name}-${run}`;

/** pack twice (a loop through a gateway on `again`), then ship; pack's input sets a local variable */
const looping = bpmnXml({
  id: id('looping'),
  elements: `<bpmn:startEvent id="start"/>
    ${serviceTask('pack', id('pack'), '<zeebe:ioMapping><zeebe:input source="=&quot;box&quot;" target="packaging"/></zeebe:ioMapping>', 'name="Pack parcel"')}
    <bpmn:exclusiveGateway id="again"/>${serviceTask('ship', id('ship'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> pack -> again', 'again -> ship [default]', 'ship -> end', 'again -> pack [= again = true]'],
});

const withError = bpmnXml({
  id: id('error'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', id('charge'))}
    <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
    <bpmn:endEvent id="paid"/><bpmn:endEvent id="rejected"/>`,
  flows: ['start -> charge -> paid', 'declined -> rejected'],
  definitions: '<bpmn:error id="err" errorCode="DECLINED"/>',
});

const review = bpmnXml({
  id: id('review'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:userTask id="approve" name="Approve order"><bpmn:extensionElements><zeebe:userTask/>
      <zeebe:assignmentDefinition assignee="anna" candidateGroups="sales, managers"/></bpmn:extensionElements></bpmn:userTask>
    <bpmn:receiveTask id="wait-payment" messageRef="msg"/><bpmn:endEvent id="end"/>`,
  flows: ['start -> approve -> wait-payment -> end'],
  definitions: `<bpmn:message id="msg" name="${id('paid')}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>`,
});

const parent = bpmnXml({
  id: id('parent'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:callActivity id="check-credit"><bpmn:extensionElements><zeebe:calledElement processId="${id('credit')}"/></bpmn:extensionElements></bpmn:callActivity>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> check-credit -> end'],
});

describeWithEngine('mock job workers, matchers and the new assertions', () => {
  let cluster: TestEngine;
  let pt: ProcessTest;

  beforeAll(async () => {
    cluster = await startEngine();
    pt = createProcessTest(cluster, {
      timeoutMs: cluster.engine ? 3_000 : 60_000,
      settleMs: settleMsFor(cluster),
      uiInstanceUrl: 'http://ui.example/#/instances/{processInstanceKey}',
    });
    for (const [name, xml] of Object.entries({ looping, withError, review })) {
      await cluster.zeebe.deployResource({ name: `${name}.bpmn`, process: Buffer.from(xml) });
    }
  });
  afterAll(async () => {
    await pt?.stopMockJobWorkers();
    await cluster?.close();
  });

  const start = async (processId: string, variables: Record<string, string | number | boolean> = {}) =>
    (await cluster.zeebe.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;
  async function failureOf(assertion: Promise<unknown>): Promise<string> {
    const error = await assertion.then(
      () => undefined,
      (err: Error) => err,
    );
    if (!error) throw new Error('the assertion passed, but it should have failed');
    return error.message;
  }

  it('a mock worker keeps completing jobs of its type, handlers see the job and may set variables', async () => {
    let packs = 0;
    const pack = pt.mockJobWorker(id('pack')).withHandler((job) => {
      packs++;
      return { again: packs === 1, packedBy: job.elementId };
    });
    const ship = pt.mockJobWorker(id('ship')).thenComplete({ shipped: true });
    const key = await start(id('looping'));
    const order = pt.expectProcessInstance(key);

    await expectInstance(order).toBeCompleted();
    expect(pack.handledJobs).toHaveLength(2);
    expect(ship.handledJobs.map((j) => j.processInstanceKey)).toEqual([key]);
    await order.toHavePassedElementTimes('pack', 2);
    await expectInstance(order).toHavePassedElementTimes(byName('Pack parcel'), 2);
    await order.toHavePassedElements(byType('EXCLUSIVE_GATEWAY'), byName('Pack parcel'));
    await order.toHaveVariables({ shipped: true, packedBy: 'pack' });
    await order.toHaveVariableNames('again', 'shipped');
    await expectInstance(order).toHaveVariableSatisfying('packedBy', (v) => expect(v).toMatch(/^pa/));
    await order.toHaveLocalVariables('pack', { packaging: 'box' });
    await expectInstance(order).not.toHavePassedElements('nowhere');
    await expectInstance(order).not.toHaveIncident();

    const fast = order.withTimeout(200);
    expect(await failureOf(fast.toHavePassedElementTimes('pack', 1))).toContain(': 2 instance(s) COMPLETED of pack');
    expect(await failureOf(fast.toHaveVariableSatisfying('packedBy', (v) => v === 'ship'))).toContain(
      'packedBy = "pack" does not satisfy the predicate',
    );
    expect(await failureOf(fast.toHaveLocalVariables('pack', { packaging: 'crate' }))).toContain('packaging = "box"');
    expect(await failureOf(fast.toHavePassedElements(byName('Unpack')))).toContain("not passed: name 'Unpack'");
    // failure output: history, variables and the link into the UI
    const message = await failureOf(
      expectInstance(order)
        .toHavePassedElements('refund')
        .then(() => undefined),
    );
    expect(message).toContain('not passed: refund');
    expect(message).toContain('variables: {');
    expect(message).toContain(`in the UI: http://ui.example/#/instances/${key}`);
    await expect(expectInstance(order).not.toHavePassedElements('pack')).rejects.toThrow('passed: pack');
    await pack.stop();
    await ship.stop();
  });

  it('a mock throws BPMN errors; the cancelled task shows as terminated', async () => {
    const charge = pt.mockJobWorker(id('charge')).thenThrowBpmnError('DECLINED', { reason: 'card' });
    const key = await start(id('error'));
    const payment = pt.expectProcessInstance(key);
    await expectInstance(payment).toBeCompleted();
    await expectInstance(payment).toHaveTerminatedElements('charge');
    await payment.toHavePassedElementsInOrder('declined', 'rejected');
    await payment.toHaveVariables({ reason: 'card' });
    expect(await failureOf(payment.withTimeout(200).toHaveTerminatedElements('declined'))).toContain(
      'not terminated: declined',
    );
    await charge.stop();
  });

  it('leaves a mock running at the end of this test ...', async () => {
    pt.mockJobWorker(id('charge')).thenComplete({ fromTheOldTest: true });
    await start(id('error'));
    await new Promise((resolve) => setTimeout(resolve, 300));
  });

  it('... which takes no job of the next test', async () => {
    const key = await start(id('error'));
    const job = await pt.completeJob(id('charge'), { fromThisTest: true }, { processInstanceKey: key });
    expect(job.processInstanceKey).toBe(key);
    await pt.expectProcessInstance(key).toHaveVariables({ fromThisTest: true });
    await pt.expectProcessInstance(key).toHaveNotPassedElements('declined');
  });

  it('user tasks: assignee, candidate groups, complete with data; messages: waiting, correlated', async () => {
    const key = await start(id('review'), { orderId: `o-${run}` });
    const order = pt.expectProcessInstance(key);
    const task = pt.expectUserTask({ elementId: 'approve', processInstanceKey: key });
    await task.toBeCreated();
    await task.toHaveAssignee('anna');
    await task.toHaveCandidateGroups('managers', 'sales');
    await task.toHaveName('Approve order');
    expect(
      await failureOf(
        pt
          .expectUserTask({ taskName: 'Approve order', processInstanceKey: key })
          .withTimeout(300)
          .toHaveAssignee('bob'),
      ),
    ).toContain('assignee is "anna"');
    await expectInstance(order).not.toBeWaitingForMessage(id('paid'));
    await pt.completeUserTask({ elementId: 'approve', processInstanceKey: key }, { approved: true });
    await task.toBeCompleted();

    await expectInstance(order).toBeWaitingForMessage(id('paid'), `o-${run}`);
    expect(await failureOf(order.withTimeout(200).toBeWaitingForMessage(id('paid'), 'someone-else'))).toContain(
      `correlation key: o-${run}`,
    );
    expect(await failureOf(order.withTimeout(200).toBeWaitingForMessage('no-such-message'))).toContain(
      "the model catches no message 'no-such-message'",
    );
    await pt.api.publishMessage({ name: id('paid'), correlationKey: `o-${run}` });
    await expectInstance(order).toHaveCorrelatedMessage(id('paid'));
    await order.toBeCompleted();
    await order.toHaveVariables({ approved: true });
  }, 120_000);

  it('mockChildProcess: the call activity gets a child that completes at once with the given variables', async () => {
    await cluster.zeebe.deployResource({ name: 'parent.bpmn', process: Buffer.from(parent) });
    await pt.mockChildProcess(id('credit'), { score: 720, limits: { daily: 500 }, note: 'a "quoted" <text>' });
    const key = await start(id('parent'));
    const instance = pt.expectProcessInstance(key);
    await instance.toBeCompleted();
    await instance.toHavePassedElements('check-credit');
    await instance.toHaveVariables({ score: 720, limits: { daily: 500 }, note: 'a "quoted" <text>' });
  });

  it('CPT test cases: an unknown or unsupported instruction fails naming it; a failing step names its instruction', async () => {
    const unknown = { name: 'typo', instructions: [{ type: 'CREATE_PROCES_INSTANCE' }] };
    await expect(runCptTestCase(pt, unknown)).rejects.toThrow(
      "instruction 1 (CREATE_PROCES_INSTANCE): unknown instruction type 'CREATE_PROCES_INSTANCE'",
    );
    const judge = { name: 'judge', instructions: [{ type: 'ASSERT_VARIABLE_JUDGE' }] };
    await expect(runCptTestCase(pt, judge)).rejects.toThrow('needs an AI judge');

    const wrong = {
      name: 'wrong end',
      instructions: [
        { type: 'MOCK_JOB_WORKER_COMPLETE_JOB', jobType: id('charge') },
        { type: 'CREATE_PROCESS_INSTANCE', processDefinitionSelector: { processDefinitionId: id('error') } },
        {
          type: 'ASSERT_ELEMENT_INSTANCES',
          processInstanceSelector: { processDefinitionId: id('error') },
          elementSelectors: [{ elementId: 'rejected' }],
          state: 'IS_COMPLETED',
        },
      ],
    };
    await expect(runCptTestCase(pt, wrong)).rejects.toThrow(
      "test case 'wrong end', instruction 3 (ASSERT_ELEMENT_INSTANCES): expectProcessInstance(",
    );
  });
});
