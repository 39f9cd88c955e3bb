/**
 * Issue 22 point 4, through the unmodified `@camunda8/orchestration-cluster-api` client: the process message
 * subscriptions with their latest state (CREATED while the instance waits, DELETED once it went on or was
 * cancelled) and the messages correlated to them or to a message start event, with filters; a restarted engine
 * still answers both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type EngineServices, startEngineServices } from '../../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../../src/engine/engine';
import { bpmnXml } from '../../support/bpmn';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

const model = bpmnXml({
  id: 'sub-wait',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait-paid"><bpmn:messageEventDefinition messageRef="m-paid"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>',
  flows: ['s -> wait-paid -> e'],
  definitions:
    '<bpmn:message id="m-paid" name="sub-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>',
});
const started = bpmnXml({
  id: 'sub-start',
  elements:
    '<bpmn:startEvent id="by-message"><bpmn:messageEventDefinition messageRef="m-go"/></bpmn:startEvent><bpmn:endEvent id="e"/>',
  flows: ['by-message -> e'],
  definitions: '<bpmn:message id="m-go" name="sub-go"/>',
});
const nudged = bpmnXml({
  id: 'sub-nudge',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="sub-nudge-work"/></bpmn:extensionElements></bpmn:serviceTask><bpmn:boundaryEvent id="nudge" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m-nudge"/></bpmn:boundaryEvent><bpmn:endEvent id="e"/><bpmn:endEvent id="nudged"/>',
  flows: ['s -> work -> e', 'nudge -> nudged'],
  definitions:
    '<bpmn:message id="m-nudge" name="sub-nudge"><bpmn:extensionElements><zeebe:subscription correlationKey="= orderId"/></bpmn:extensionElements></bpmn:message>',
});
const silent = pino({ level: 'silent' });

describe('message subscription searches over REST v2', () => {
  let dir: string;
  let engine: Engine;
  let services: EngineServices;
  let client: RestClient;
  const keys: Record<string, string> = {};
  let messageKey: string;

  const open = async () => {
    engine = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0 });
    services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, logger: silent });
    client = restClientFor(`http://127.0.0.1:${services.restPort}`);
  };
  const close = async () => {
    await services.close();
    engine.close();
  };
  const subscriptions = async (filter: Record<string, unknown> = {}) =>
    (await client.searchMessageSubscriptions({ filter } as never, NOW)).items ?? [];
  const correlated = async (filter: Record<string, unknown> = {}) =>
    (await client.searchCorrelatedMessageSubscriptions({ filter } as never, NOW)).items ?? [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-subscriptions-'));
    await open();
    await client.createDeployment({ resources: [new File([model], 'sub-wait.bpmn')] } as never);
    for (const orderId of ['a', 'b', 'c']) {
      const created = await client.createProcessInstance({
        processDefinitionId: 'sub-wait',
        variables: { orderId },
      } as never);
      keys[orderId] = String(created.processInstanceKey);
    }
  });
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a waiting instance has a CREATED subscription in 8.8 shape', async () => {
    const all = await subscriptions();
    expect(all).toHaveLength(3);
    const [a] = await subscriptions({ correlationKey: 'a' });
    expect(a).toMatchObject({
      processDefinitionId: 'sub-wait',
      processInstanceKey: keys.a,
      elementId: 'wait-paid',
      messageSubscriptionState: 'CREATED',
      messageName: 'sub-paid',
      correlationKey: 'a',
      tenantId: '<default>',
    });
    expect(a.messageSubscriptionKey).toMatch(/^\d+$/);
    expect(a.elementInstanceKey).toMatch(/^\d+$/);
    expect(Number.isNaN(Date.parse(String(a.lastUpdatedDate)))).toBe(false);
    expect(await correlated()).toEqual([]);
  });

  test('a correlated message is listed with its subscription; ended subscriptions are DELETED', async () => {
    const [before] = await subscriptions({ correlationKey: 'a' });
    const published = await client.publishMessage({ name: 'sub-paid', correlationKey: 'a', timeToLive: 0 } as never);
    messageKey = String(published.messageKey);
    await client.cancelProcessInstance({ processInstanceKey: keys.b } as never);

    expect(engine.getProcessInstance(keys.a)?.state).toBe('COMPLETED');
    const states = Object.fromEntries(
      (await subscriptions()).map((s) => [s.correlationKey, s.messageSubscriptionState]),
    );
    expect(states).toEqual({ a: 'DELETED', b: 'DELETED', c: 'CREATED' });
    expect((await subscriptions({ messageSubscriptionState: 'CREATED' })).map((s) => s.processInstanceKey)).toEqual([
      keys.c,
    ]);

    const [correlation] = await correlated();
    expect(correlation).toMatchObject({
      correlationKey: 'a',
      elementId: 'wait-paid',
      elementInstanceKey: before.elementInstanceKey,
      messageKey,
      messageName: 'sub-paid',
      partitionId: 1,
      processDefinitionId: 'sub-wait',
      processInstanceKey: keys.a,
      subscriptionKey: before.messageSubscriptionKey,
      tenantId: '<default>',
    });
    expect(await correlated({ processInstanceKey: keys.b })).toEqual([]);
  });

  test('a message that starts an instance is a correlation too, without an element instance', async () => {
    const deployed = await client.createDeployment({ resources: [new File([started], 'sub-start.bpmn')] } as never);
    const definitionKey = String(deployed.processes[0].processDefinitionKey);
    const published = await client.publishMessage({ name: 'sub-go', correlationKey: 'x', timeToLive: 0 } as never);
    const [correlation] = await correlated({ messageName: 'sub-go' });
    expect(correlation).toMatchObject({
      messageKey: published.messageKey,
      correlationKey: 'x',
      elementId: 'by-message',
      processDefinitionId: 'sub-start',
      processDefinitionKey: definitionKey,
      subscriptionKey: definitionKey,
    });
    expect(correlation.elementInstanceKey).toBeUndefined();
    expect(engine.getProcessInstance(String(correlation.processInstanceKey))?.bpmnProcessId).toBe('sub-start');
    expect(await subscriptions({ messageName: 'sub-go' })).toEqual([]);
  });

  test('a non-interrupting boundary subscription stays open as CORRELATED, updated at the correlation', async () => {
    await client.createDeployment({ resources: [new File([nudged], 'sub-nudge.bpmn')] } as never);
    await client.createProcessInstance({ processDefinitionId: 'sub-nudge', variables: { orderId: 'n' } } as never);
    const [created] = await subscriptions({ messageName: 'sub-nudge' });
    expect(created.messageSubscriptionState).toBe('CREATED');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await client.publishMessage({ name: 'sub-nudge', correlationKey: 'n', timeToLive: 0 } as never);
    const [after] = await subscriptions({ messageName: 'sub-nudge' });
    expect(after).toMatchObject({ messageSubscriptionKey: created.messageSubscriptionKey, elementId: 'nudge' });
    expect(after.messageSubscriptionState).toBe('CORRELATED');
    expect(Date.parse(String(after.lastUpdatedDate))).toBeGreaterThan(Date.parse(String(created.lastUpdatedDate)));
    expect(await correlated({ messageName: 'sub-nudge' })).toHaveLength(1);
  });

  test('a restarted engine answers both searches as before', async () => {
    const subscriptionsBefore = await subscriptions();
    const correlatedBefore = await correlated();
    expect(engine.snapshot()).toBe(true);
    await close();
    await open();
    expect(await subscriptions()).toEqual(subscriptionsBefore);
    expect(await correlated()).toEqual(correlatedBefore);
  });

  test('an unknown filter field is a 400 naming it', async () => {
    const res = await fetch(`http://127.0.0.1:${services.restPort}/v2/message-subscriptions/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { color: 'red' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain("'filter.color'");
  });
});
