/**
 * A command applies at the time its journal record holds: what it writes (an instance's and its elements' start
 * and end dates, a job's deadline, a timer's due time) is what a replay of the record writes, even on a clock
 * that moves between two reads. Here the clock ticks a millisecond on every read; the engine is restarted from
 * its journal and the unmodified REST client must read the same instances, element instances and jobs as before.
 */
import pino from 'pino';
import { startEngineServices } from '../../src/boot/engine-gateways';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { eventually } from '../support/eventually';
import { COUNTING_LOOP } from '../support/loop-processes';
import { NOW, type RestClient, restClientFor } from '../support/rest-client';
import { restartableEngine } from '../support/restartable-engine';

const logger = pino({ level: 'silent' });

const xml = bpmnXml(
  {
    id: 'held-work',
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'held-work')}<bpmn:endEvent id="end"/>`,
    flows: ['start -> work -> end'],
  },
  {
    id: 'held-timer',
    elements: `<bpmn:startEvent id="t-start"/>
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="t-end"/>`,
    flows: ['t-start -> wait -> t-end'],
  },
  {
    id: 'held-soon',
    elements: `<bpmn:startEvent id="s-start"/>
      <bpmn:intermediateCatchEvent id="soon"><bpmn:timerEventDefinition><bpmn:timeDuration>PT0.1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:endEvent id="s-end"/>`,
    flows: ['s-start -> soon -> s-end'],
  },
);

type Item = Record<string, unknown>;
const items = (page: unknown) => (page as { items: Item[] }).items;

describe('a command applies at its journal record time', () => {
  const restart = restartableEngine('baton-replay-time-', { logger });
  let stopServices: (() => Promise<void>) | undefined;

  /** a clock that moves a millisecond more on every read */
  beforeEach(() => {
    const realNow = Date.now;
    let reads = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + reads++);
  });
  afterEach(async () => {
    await stopServices?.();
    stopServices = undefined;
    jest.restoreAllMocks();
  });

  const open = async (): Promise<RestClient> => {
    await stopServices?.();
    const engine = await restart.reopen();
    const services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, host: '127.0.0.1', logger });
    stopServices = () => services.close();
    return restClientFor(`http://127.0.0.1:${services.restPort}`);
  };

  const read = async (client: RestClient) => {
    const sort = (field: string) => ({ sort: [{ field, order: 'ASC' }], page: { limit: 100 } });
    return {
      instances: items(await client.searchProcessInstances(sort('processInstanceKey') as never, NOW)),
      elements: items(await client.searchElementInstances(sort('elementInstanceKey') as never, NOW)),
      jobs: items(await client.searchJobs(sort('jobKey') as never, NOW)),
    };
  };

  test('instances, element instances and jobs read the same, dates included, after a restart', async () => {
    let client = await open();
    await client.createDeployment({
      resources: [new File([xml], 'held.bpmn', { type: 'application/octet-stream' })],
    } as never);
    for (let i = 0; i < 4; i++) await client.createProcessInstance({ processDefinitionId: 'held-work' } as never);
    await client.createProcessInstance({ processDefinitionId: 'held-timer' } as never);
    const { jobs } = (await client.activateJobs({
      type: 'held-work',
      maxJobsToActivate: 2,
      timeout: 60_000,
    } as never)) as {
      jobs: { jobKey: string }[];
    };
    expect(jobs).toHaveLength(2);
    await client.completeJob({ jobKey: jobs[0].jobKey, variables: { done: true } } as never);
    await restart.engine?.durable();
    const before = await read(client);
    expect(before.instances.filter((i) => i.endDate)).toHaveLength(1);
    expect(before.jobs.filter((j) => j.deadline)).toHaveLength(2);

    client = await open();
    expect(await read(client)).toEqual(before);
  });

  test('a long command ends, in its later slices, at the times its journal holds for them', async () => {
    let client = await open();
    await client.createDeployment({
      resources: [new File([bpmnXml(COUNTING_LOOP)], 'loop.bpmn', { type: 'application/octet-stream' })],
    } as never);
    // (some thousand steps: the instance ends in a 'continue' slice)
    await client.createProcessInstance({
      processDefinitionId: COUNTING_LOOP.id,
      variables: { i: 0, limit: 600 },
    } as never);
    const instances = async () => items(await client.searchProcessInstances({} as never, NOW));
    const before = await eventually(instances, (all) => all[0]?.state === 'COMPLETED', 'the loop to end');
    await restart.engine?.durable();

    client = await open();
    expect(await instances()).toEqual(before);
  });

  test('a timer that fires in real time ends its element and instance at the time its tick is journaled at', async () => {
    let client = await open();
    await client.createDeployment({
      resources: [new File([xml], 'held.bpmn', { type: 'application/octet-stream' })],
    } as never);
    await client.createProcessInstance({ processDefinitionId: 'held-soon' } as never);
    const ended = (r: Awaited<ReturnType<typeof read>>) => r.instances[0]?.state === 'COMPLETED';
    const before = await eventually(() => read(client), ended, 'the timer to fire');
    await restart.engine?.durable();

    client = await open();
    expect(await read(client)).toEqual(before);
  });

  test("a timer falls due exactly its duration after its element's start", async () => {
    const client = await open();
    await client.createDeployment({
      resources: [new File([xml], 'held.bpmn', { type: 'application/octet-stream' })],
    } as never);
    const created = await client.createProcessInstance({ processDefinitionId: 'held-timer' } as never);
    const key = String((created as { processInstanceKey: string }).processInstanceKey);
    const waiting = async () => {
      const elements = items(
        await client.searchElementInstances({ filter: { processInstanceKey: key, elementId: 'wait' } } as never, NOW),
      );
      return elements[0];
    };
    const due = Date.parse(String((await waiting()).startDate)) + 3_600_000;
    await client.pinClock({ timestamp: due - 1 } as never);
    expect((await waiting()).state).toBe('ACTIVE');
    await client.pinClock({ timestamp: due } as never);
    expect((await waiting()).state).toBe('COMPLETED');
  });
});
