/**
 * The embedded engine behind the gRPC gateway, driven only through the unmodified @camunda8/sdk over real
 * gRPC on loopback (and a raw grpc-js client for requests the SDK cannot send). Always on an embedded engine
 * of its own (startEmbeddedEngine), whatever engine the run asks for: it reads the in-process engine and
 * tests our gateway's own limits.
 */

import type { Zeebe } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import { bpmnXml, serviceTask, type TestProcess } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { rawClient, unary } from './raw-client';

type ZeebeClient = Zeebe.ZeebeGrpcClient;

/** A unique suffix per run, so the suite can also run against a shared external cluster. */
const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

const processes: TestProcess[] = [
  {
    id: id('double'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('double', id('double'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> double -> end'],
  },
  {
    id: id('waits'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', id('waits'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
  {
    id: id('streamed'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', id('streamed'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
  {
    id: id('polled'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', id('polled'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
  {
    id: id('pay'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', id('charge'))}<bpmn:endEvent id="paid"/>
      <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="err-declined"/></bpmn:boundaryEvent>
      <bpmn:endEvent id="rejected"/>`,
    flows: ['start -> charge -> paid', 'declined -> rejected'],
    definitions: '<bpmn:error id="err-declined" errorCode="DECLINED"/>',
  },
  {
    id: id('kickoff'),
    elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait-call"><bpmn:messageEventDefinition messageRef="msg-call"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
    flows: ['start -> wait-call -> end'],
    definitions: `<bpmn:message id="msg-call" name="${id('kickoff-call')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= customerId"/></bpmn:extensionElements></bpmn:message>`,
  },
  {
    id: id('flaky'),
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', id('flaky'))}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
];

/** One resource per process, all in one deployment. */
const resources = () => processes.map((p) => ({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) }));

describe('embedded engine over gRPC, through the unmodified SDK', () => {
  let cluster: EmbeddedTestEngine;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    zeebe = cluster.zeebe;
    const deployment = await zeebe.deployResources(resources());
    const deployed = deployment.deployments as { process: { bpmnProcessId: string; version: number } }[];
    expect(deployed.map((d) => d.process.bpmnProcessId).sort()).toEqual(processes.map((p) => p.id).sort());
  });

  afterAll(async () => {
    await cluster?.close();
  });

  test('Topology answers through the SDK', async () => {
    const topology = await zeebe.topology();
    expect(topology.brokers[0].partitions).toEqual([expect.objectContaining({ partitionId: 1, role: 'LEADER' })]);
  });

  test('deploy then create an instance: the key comes back as an int64 string', async () => {
    const created = await zeebe.createProcessInstance({ bpmnProcessId: id('waits'), variables: { orderId: 'o-1' } });
    expect(created.bpmnProcessId).toBe(id('waits'));
    expect(created.processInstanceKey).toMatch(/^\d+$/);
    await zeebe.cancelProcessInstance(created.processInstanceKey);
  });

  test('redeploying identical XML returns the existing version', async () => {
    const again = await zeebe.deployResource({
      name: `${id('double')}.bpmn`,
      process: Buffer.from(bpmnXml(processes[0])),
    });
    expect(again.deployments.map((d) => d.process)).toEqual([
      expect.objectContaining({ bpmnProcessId: id('double'), version: 1 }),
    ]);
  });

  test('an invalid model is rejected with INVALID_ARGUMENT naming the element', async () => {
    const xml = bpmnXml({
      id: id('broken'),
      elements: '<bpmn:startEvent id="start"/><bpmn:serviceTask id="no-type"/>',
      flows: ['start -> no-type'],
    });
    const error = await zeebe.deployResource({ name: 'broken.bpmn', process: Buffer.from(xml) }).catch((e) => e);
    expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error.details).toContain('no-type');
  });

  test('a createWorker worker completes jobs; CreateProcessInstanceWithResult returns the result variables', async () => {
    const worker = zeebe.createWorker({
      taskType: id('double'),
      taskHandler: (job) => job.complete({ doubled: Number(job.variables.n) * 2 }),
    });
    try {
      const results = await Promise.all(
        [1, 2, 3].map((n) =>
          zeebe.createProcessInstanceWithResult({
            bpmnProcessId: id('double'),
            variables: { n },
            requestTimeout: 20_000,
          }),
        ),
      );
      expect(results.map((r) => Number(r.variables.doubled))).toEqual([2, 4, 6]);
    } finally {
      await worker.close();
    }
  });

  test('a long-polling ActivateJobs waiting for a job type is answered when a job of that type is created', async () => {
    const polling = zeebe.activateJobs({
      type: id('polled'),
      worker: 'poller',
      timeout: 30_000,
      maxJobsToActivate: 5,
      requestTimeout: 20_000,
    });
    // give the poll time to reach the gateway and park there before the job exists
    await new Promise((r) => setTimeout(r, 300));
    const created = await zeebe.createProcessInstance({ bpmnProcessId: id('polled'), variables: { marker: 'woken' } });
    const jobs = await polling;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({
      processInstanceKey: created.processInstanceKey,
      worker: 'poller',
      elementId: 'work',
    });
    expect(jobs[0].variables).toMatchObject({ marker: 'woken' });
    await zeebe.completeJob({ jobKey: jobs[0].key, variables: {} });
  });

  test('ActivateJobs with requestTimeout -1 answers at once, even without jobs', async () => {
    const jobs = await zeebe.activateJobs({
      type: id('nothing-here'),
      worker: 'w',
      timeout: 1000,
      maxJobsToActivate: 5,
      requestTimeout: -1,
    });
    expect(jobs).toEqual([]);
  });

  test('streamJobs receives jobs pushed over StreamActivatedJobs', async () => {
    // the SDK's stream worker prints the CANCELLED status of its own stream.cancel() on close; keep only other errors
    const consoleError = console.error;
    const quiet = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('Cancelled on client')) consoleError(...args);
    });
    const received: string[] = [];
    const stream = await zeebe.streamJobs({
      type: id('streamed'),
      worker: 'streamer',
      timeout: 30_000,
      tenantIds: [],
      taskHandler: (job) => {
        received.push(String(job.variables.n));
        return job.complete({ seen: true });
      },
    });
    try {
      // the stream is open (streamJobs resolves after its backfill poll): these jobs are pushed to it
      const results = await Promise.all(
        [7, 8].map((n) =>
          zeebe.createProcessInstanceWithResult({
            bpmnProcessId: id('streamed'),
            variables: { n },
            requestTimeout: 20_000,
          }),
        ),
      );
      expect(results.map((r) => r.variables.seen)).toEqual([true, true]);
      expect(received.sort()).toEqual(['7', '8']);
    } finally {
      stream.close();
      // the CANCELLED status arrives asynchronously after close()
      setTimeout(() => quiet.mockRestore(), 200);
    }
  });

  test('ThrowError is caught by the matching error boundary event', async () => {
    const worker = zeebe.createWorker({
      taskType: id('charge'),
      taskHandler: (job) =>
        job.error({ errorCode: 'DECLINED', errorMessage: 'card declined', variables: { reason: 'card' } }),
    });
    try {
      const result = await zeebe.createProcessInstanceWithResult({
        bpmnProcessId: id('pay'),
        variables: {},
        requestTimeout: 20_000,
      });
      expect(result.variables).toMatchObject({ reason: 'card' });
    } finally {
      await worker.close();
    }
  });

  test('PublishMessage correlates to the waiting catch event; a duplicate messageId is ALREADY_EXISTS', async () => {
    const customerId = `c-${run}`;
    const completion = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id('kickoff'),
      variables: { customerId },
      requestTimeout: 20_000,
    });
    const message = {
      name: id('kickoff-call'),
      correlationKey: customerId,
      messageId: `m-${run}`,
      timeToLive: 60_000,
      variables: { callAt: 'monday' },
    };
    const published = await zeebe.publishMessage(message);
    expect(published.key).toMatch(/^\d+$/);
    expect((await completion).variables).toMatchObject({ customerId, callAt: 'monday' });
    const duplicate = await zeebe.publishMessage(message).catch((e) => e);
    expect(duplicate.code).toBe(grpc.status.ALREADY_EXISTS);
  });

  test('SetVariables and CancelProcessInstance; cancelling twice is NOT_FOUND', async () => {
    const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: id('waits'), variables: {} });
    await zeebe.setVariables({ elementInstanceKey: processInstanceKey, variables: { note: 'hello' }, local: false });
    const [job] = await zeebe.activateJobs({
      type: id('waits'),
      worker: 'w',
      timeout: 30_000,
      maxJobsToActivate: 1,
      requestTimeout: -1,
    });
    expect(job.variables).toMatchObject({ note: 'hello' });
    await zeebe.cancelProcessInstance(processInstanceKey);
    const again = await zeebe.cancelProcessInstance(processInstanceKey).catch((e) => e);
    expect(again.code).toBe(grpc.status.NOT_FOUND);
    const late = await zeebe.completeJob({ jobKey: job.key, variables: {} }).catch((e) => e);
    expect(late.code).toBe(grpc.status.NOT_FOUND);
  });

  test('completing an unknown job key is NOT_FOUND as seen by the SDK', async () => {
    const error = await zeebe.completeJob({ jobKey: '2251799813999999', variables: {} }).catch((e) => e);
    expect(error.code).toBe(grpc.status.NOT_FOUND);
    expect(error.details).toContain("Command 'COMPLETE' rejected with code 'NOT_FOUND'");
  });

  test('FailJob with retries 0 raises an incident; UpdateJobRetries + ResolveIncident make the job activatable again', async () => {
    const engine = cluster.engine;
    const completion = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id('flaky'),
      variables: {},
      requestTimeout: 20_000,
    });
    const activate = () =>
      zeebe.activateJobs({
        type: id('flaky'),
        worker: 'w',
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 10_000,
      });
    const [job] = await activate();
    await zeebe.updateJobTimeout({ jobKey: job.key, timeout: 60_000 });
    await zeebe.failJob({ jobKey: job.key, errorMessage: 'service down', retries: 0, retryBackOff: 0 });
    const incident = [...engine.listIncidents()].find((i) => i.jobKey === job.key && i.state === 'ACTIVE');
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'service down' });
    expect(
      await zeebe.activateJobs({
        type: id('flaky'),
        worker: 'w',
        timeout: 1000,
        maxJobsToActivate: 1,
        requestTimeout: -1,
      }),
    ).toEqual([]);

    await zeebe.updateJobRetries({ jobKey: job.key, retries: 1 });
    await zeebe.resolveIncident({ incidentKey: incident?.key as string });
    const [again] = await activate();
    expect(again.key).toBe(job.key);
    await zeebe.completeJob({ jobKey: again.key, variables: { recovered: true } });
    expect((await completion).variables).toMatchObject({ recovered: true });
  });

  test('malformed variables JSON from a raw client is INVALID_ARGUMENT naming the property', async () => {
    const port = Number(new URL(cluster.grpcAddress).port);
    const raw = rawClient(port);
    try {
      const error = await unary(raw, 'CreateProcessInstance', {
        bpmnProcessId: id('waits'),
        version: -1,
        variables: '{"oops":',
      }).catch((e) => e);
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details).toContain("Property 'variables' is invalid");
    } finally {
      raw.close();
    }
  });
});

describe('backpressure over gRPC, through the unmodified SDK', () => {
  let cluster: EmbeddedTestEngine;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine({ maxInFlight: 1 });
  });

  afterAll(async () => {
    await cluster?.close();
  });

  test('a command beyond maxInFlight is refused with RESOURCE_EXHAUSTED', async () => {
    const zeebe = cluster.zeebe;
    const waits = {
      id: id('held'),
      elements: `<bpmn:startEvent id="start"/>${serviceTask('work', id('held'))}<bpmn:endEvent id="end"/>`,
      flows: ['start -> work -> end'],
    };
    await zeebe.deployResource({ name: 'held.bpmn', process: Buffer.from(bpmnXml(waits)) });
    // holds the only slot until the instance completes
    const held = zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id('held'),
      variables: {},
      requestTimeout: 20_000,
    });
    const [job] = await zeebe.activateJobs({
      type: id('held'),
      worker: 'w',
      timeout: 30_000,
      maxJobsToActivate: 1,
      requestTimeout: 10_000,
    });
    const refused = await zeebe
      .publishMessage({ name: 'any', correlationKey: 'k', timeToLive: 0, variables: {} })
      .catch((e) => e);
    expect(refused.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // ActivateJobs above was served while the slot was taken: long polls are not counted
    expect(job.elementId).toBe('work');
    // as in Zeebe, completing a job is never turned away: it frees the slot the held call took
    await zeebe.completeJob({ jobKey: job.key, variables: {} });
    await held;
    await expect(
      zeebe.publishMessage({ name: 'any', correlationKey: 'k', timeToLive: 0, variables: {} }),
    ).resolves.toBeDefined();
  });
});
