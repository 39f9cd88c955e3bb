/**
 * The embedded engine's REST v2 API driven by the unmodified clients: `@camunda8/sdk`'s
 * getCamundaRestClient() (deploy, create, a REST job worker, publish, search element instances and
 * incidents, clock) and `@camunda8/orchestration-cluster-api`'s own client.
 */
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { pollFor } from '../../support/eventually';
import { restClientFor } from '../../support/rest-client';

/** every wait of this suite (REST job workers, searches) is bounded at 10 s */
const pollLong = <T>(what: string, read: () => Promise<T | undefined | false>) => pollFor(what, read, 10_000);

const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

const orderXml = bpmnXml({
  id: id('rest-order'),
  elements: `<bpmn:startEvent id="start"/>${serviceTask('charge', id('rest-charge'))}
      <bpmn:intermediateCatchEvent id="wait-paid"><bpmn:messageEventDefinition messageRef="m-paid"/></bpmn:intermediateCatchEvent>
      ${serviceTask('ship', id('rest-ship'))}<bpmn:endEvent id="end"/>`,
  flows: ['start -> charge -> wait-paid -> ship -> end'],
  definitions: `<bpmn:message id="m-paid" name="${id('paid')}"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>`,
});

describe('REST v2 through the unmodified clients', () => {
  let cluster: EmbeddedTestEngine;

  beforeAll(async () => {
    // the embedded engine's own REST API, whatever engine the run asks for: the clock is read in-process
    cluster = await startEmbeddedEngine();
    if (!cluster.restAddress) throw new Error('the engine fixture has no REST address');
  });
  afterAll(() => cluster?.close());

  test('@camunda8/sdk getCamundaRestClient: deploy, create, REST job worker, publish, search', async () => {
    const rest = cluster.camunda.getCamundaRestClient();
    const topology = await rest.getTopology();
    expect(topology.brokers).toHaveLength(1);

    const deployment = await rest.deployResources([{ name: 'order.bpmn', content: orderXml }]);
    expect(deployment.processes.map((p) => p.processDefinitionId)).toEqual([id('rest-order')]);

    const charged: string[] = [];
    const worker = rest.createJobWorker({
      type: id('rest-charge'),
      worker: 'rest-charge-worker',
      timeout: 30_000,
      maxJobsToActivate: 5,
      pollIntervalMs: 50,
      autoStart: true,
      jobHandler: async (job) => {
        charged.push(String((job.variables as { orderId?: string }).orderId));
        return job.complete({ charged: true });
      },
    });
    try {
      const created = await rest.createProcessInstance({
        processDefinitionId: id('rest-order'),
        variables: { orderId: 'r-1' },
      });
      const key = String(created.processInstanceKey);
      await pollLong('the REST worker to charge', async () => charged.includes('r-1'));

      // now waiting for the message
      const waiting = await pollLong('the instance to wait at wait-paid', async () => {
        const found = await rest.searchElementInstances({
          filter: { processInstanceKey: key, elementId: 'wait-paid', state: 'ACTIVE' },
        } as never);
        return found.items.length === 1 ? found : undefined;
      });
      expect(waiting.page.totalItems).toBe(1);

      await rest.publishMessage({
        name: id('paid'),
        correlationKey: 'r-1',
        variables: { paidAt: 'now' },
        timeToLive: 0,
      });
      const [shipJob] = await rest.activateJobs({
        type: id('rest-ship'),
        worker: 'test',
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 5_000,
      });
      expect(shipJob.variables).toMatchObject({ orderId: 'r-1', charged: true, paidAt: 'now' });
      await rest.failJob({ jobKey: shipJob.jobKey, retries: 0, errorMessage: 'carrier down', retryBackOff: 0 });

      const incidents = await pollLong('an incident', async () => {
        const found = await rest.searchIncidents({ filter: { processInstanceKey: key } } as never);
        return found.items.length > 0 ? found.items : undefined;
      });
      expect(incidents[0]).toMatchObject({
        elementId: 'ship',
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'carrier down',
        state: 'ACTIVE',
      });

      await rest.updateJob({ jobKey: shipJob.jobKey, retries: 1 } as never);
      await rest.resolveIncident(String(incidents[0].incidentKey));
      const [again] = await rest.activateJobs({
        type: id('rest-ship'),
        worker: 'test',
        timeout: 30_000,
        maxJobsToActivate: 1,
        requestTimeout: 5_000,
      });
      expect(again.jobKey).toBe(shipJob.jobKey);
      await rest.completeJob({ jobKey: again.jobKey, variables: {} });

      const done = await pollLong('the instance to complete', async () => {
        const found = await rest.searchProcessInstances({ filter: { processInstanceKey: key } } as never);
        return found.items[0]?.state === 'COMPLETED' ? found.items[0] : undefined;
      });
      expect(done.processDefinitionId).toBe(id('rest-order'));
    } finally {
      worker.stop();
    }
  });

  test('@camunda8/orchestration-cluster-api client: deploy, its job worker, create awaiting completion, search, clock', async () => {
    const client = restClientFor(cluster.restAddress as string);
    const xml = bpmnXml({
      id: id('oca'),
      elements: `<bpmn:startEvent id="s"/>${serviceTask('t', id('oca-task'))}<bpmn:endEvent id="e"/>`,
      flows: ['s -> t -> e'],
    });
    const deployed = await client.createDeployment({
      resources: [new File([xml], 'oca.bpmn', { type: 'application/xml' })],
    } as never);
    expect(JSON.stringify(deployed)).toContain(id('oca'));

    const worker = client.createJobWorker({
      jobType: id('oca-task'),
      jobTimeoutMs: 30_000,
      maxParallelJobs: 2,
      pollIntervalMs: 50,
      workerName: 'oca-worker',
      jobHandler: (job: { variables: unknown; complete(v: object): unknown }) =>
        job.complete({ doubled: Number((job.variables as { n: number }).n) * 2 }),
    } as never);
    let result: { variables: Record<string, unknown>; processInstanceKey: string };
    try {
      result = (await client.createProcessInstance({
        processDefinitionId: id('oca'),
        variables: { n: 21 },
        awaitCompletion: true,
      } as never)) as typeof result;
    } finally {
      worker.stop();
    }
    expect(result.variables).toEqual({ n: 21, doubled: 42 });

    const elements = (await client.searchElementInstances(
      {
        filter: { processInstanceKey: result.processInstanceKey },
        sort: [{ field: 'elementId', order: 'ASC' }],
      } as never,
      { consistency: { waitUpToMs: 0 } } as never,
    )) as { items: { elementId: string; state: string }[] };
    // the flow nodes only: Camunda stores no element instance for the process itself
    expect(elements.items.map((e) => [e.elementId, e.state])).toEqual([
      ['e', 'COMPLETED'],
      ['s', 'COMPLETED'],
      ['t', 'COMPLETED'],
    ]);

    await client.pinClock({ timestamp: Date.parse('2030-01-01T00:00:00Z') } as never);
    expect(cluster.engine.clock.now()).toBe(Date.parse('2030-01-01T00:00:00Z'));
    await client.resetClock();
    expect(Math.abs(cluster.engine.clock.now() - Date.now())).toBeLessThan(5_000);
  });
});
