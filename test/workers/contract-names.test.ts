/**
 * The names issue 3 fixes as a contract (other tools, the API and the UI rely on them) are in the models:
 * process ids, the saga's element ids with their task types, each compensation handler attached to its
 * activity through a compensation boundary event, and the onboarding messages correlated by customerId.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BPMN_DIR, parseBpmn } from '../bpmn/bpmn-files';

// biome-ignore lint/suspicious/noExplicitAny: walking bpmn-moddle's untyped element tree.
type El = any;

async function load(file: string) {
  const { definitions } = await parseBpmn(readFileSync(path.join(BPMN_DIR, file), 'utf8'));
  const process = definitions.rootElements.find((e: El) => e.$type === 'bpmn:Process');
  const elements = new Map<string, El>();
  const visit = (container: El) => {
    for (const el of container.flowElements ?? []) {
      elements.set(el.id, el);
      if (el.$type === 'bpmn:SubProcess') visit(el);
    }
  };
  visit(process);
  const associations: El[] = (process.artifacts ?? []).filter((a: El) => a.$type === 'bpmn:Association');
  return { definitions, process, elements, associations };
}

const taskType = (el: El) =>
  el.extensionElements?.values?.find((v: El) => v.$type === 'zeebe:TaskDefinition')?.type as string | undefined;

/** The handler a compensation boundary event on `activityId` points to. */
function compensationHandler(model: Awaited<ReturnType<typeof load>>, activityId: string): El | undefined {
  const boundary = [...model.elements.values()].find(
    (el) =>
      el.$type === 'bpmn:BoundaryEvent' &&
      el.attachedToRef?.id === activityId &&
      el.eventDefinitions?.some((d: El) => d.$type === 'bpmn:CompensateEventDefinition'),
  );
  const association = model.associations.find((a) => a.sourceRef?.id === boundary?.id);
  return association?.targetRef;
}

describe('contract names in the models', () => {
  it('order-fulfilment: process id, saga steps, and a compensation handler for each of the first three', async () => {
    const model = await load('order-fulfilment.bpmn');
    expect(model.process.id).toBe('order-fulfilment');
    for (const id of ['charge-payment', 'reserve-inventory', 'create-shipment', 'notify-customer']) {
      expect([id, model.elements.get(id)?.$type, taskType(model.elements.get(id))]).toEqual([
        id,
        'bpmn:ServiceTask',
        id,
      ]);
    }
    const handlers = {
      'charge-payment': 'refund-payment',
      'reserve-inventory': 'release-inventory',
      'create-shipment': 'cancel-shipment',
    };
    for (const [activity, handler] of Object.entries(handlers)) {
      const target = compensationHandler(model, activity);
      expect([activity, target?.id, target?.isForCompensation, taskType(target)]).toEqual([
        activity,
        handler,
        true,
        handler,
      ]);
    }
    expect(compensationHandler(model, 'notify-customer')).toBeUndefined();
  });

  it('customer-onboarding: process id, steps, handlers, and both messages correlated by customerId', async () => {
    const model = await load('customer-onboarding.bpmn');
    expect(model.process.id).toBe('customer-onboarding');
    for (const id of ['create-crm-record', 'provision-tenant', 'send-welcome-email', 'report-analytics']) {
      expect([id, model.elements.get(id)?.$type, taskType(model.elements.get(id))]).toEqual([
        id,
        'bpmn:ServiceTask',
        id,
      ]);
    }
    expect(model.elements.get('wait-kickoff')?.messageRef?.name).toBe('kickoff-completed');
    expect(compensationHandler(model, 'create-crm-record')?.id).toBe('delete-crm-record');
    expect(compensationHandler(model, 'provision-tenant')?.id).toBe('deprovision-tenant');

    const messages = model.definitions.rootElements.filter((e: El) => e.$type === 'bpmn:Message');
    const correlation = (m: El) =>
      m.extensionElements?.values?.find((v: El) => v.$type === 'zeebe:Subscription')?.correlationKey;
    expect(Object.fromEntries(messages.map((m: El) => [m.name, String(correlation(m)).replace(/\s/g, '')]))).toEqual({
      'kickoff-completed': '=customerId',
      'onboarding-cancelled': '=customerId',
    });
    const cancelStart = [...model.elements.values()].find((el) =>
      el.eventDefinitions?.some((d: El) => d.messageRef?.name === 'onboarding-cancelled'),
    );
    expect(cancelStart?.$parent?.triggeredByEvent).toBe(true);
  });
});
