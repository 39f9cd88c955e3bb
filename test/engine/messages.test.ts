import {
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  variablesOf,
} from '../support/in-process';

const message = (name: string, key = '= orderId') =>
  `<bpmn:message id="msg-${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}"/></bpmn:extensionElements></bpmn:message>`;

describe('messages', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    await deployProcesses(
      engine,
      {
        id: 'wait-paid',
        elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="msg-paid"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
        flows: ['start -> paid -> end'],
        definitions: message('paid'),
      },
      {
        id: 'receive',
        elements: `<bpmn:startEvent id="start"/><bpmn:receiveTask id="got" messageRef="msg-shipped"/><bpmn:endEvent id="end"/>`,
        flows: ['start -> got -> end'],
        definitions: message('shipped'),
      },
      {
        id: 'by-message',
        elements: `<bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="msg-order-placed"/></bpmn:startEvent><bpmn:endEvent id="end"/>`,
        flows: ['start -> end'],
        definitions: '<bpmn:message id="msg-order-placed" name="order-placed"/>',
      },
    );
  });

  test('a published message correlates to the waiting catch event with its key and merges its variables', () => {
    const a = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'A' },
    }).processInstanceKey;
    const b = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'B' },
    }).processInstanceKey;
    engine.publishMessage({ name: 'paid', correlationKey: 'A', timeToLive: 0, variables: { paidAmount: 10 } });
    expect(stateOf(engine, a)).toBe('COMPLETED');
    expect(variablesOf(engine, a)).toEqual({ orderId: 'A', paidAmount: 10 });
    expect(stateOf(engine, b)).toBe('ACTIVE');
    expect(activeElements(engine, b)).toEqual(['paid']);
  });

  test('a buffered message correlates to a subscription opened later within its TTL, not after', () => {
    engine.publishMessage({ name: 'paid', correlationKey: 'LATE', timeToLive: 60_000 });
    const within = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'LATE' },
    }).processInstanceKey;
    expect(stateOf(engine, within)).toBe('COMPLETED');

    engine.publishMessage({ name: 'paid', correlationKey: 'EXPIRED', timeToLive: 60_000 });
    engine.clock.advance(60_001);
    const after = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'EXPIRED' },
    }).processInstanceKey;
    expect(stateOf(engine, after)).toBe('ACTIVE');
  });

  test('a buffered message correlates once per process (bpmnProcessId), as in Zeebe', () => {
    engine.publishMessage({ name: 'paid', correlationKey: 'SHARED', timeToLive: 60_000 });
    const first = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'SHARED' },
    }).processInstanceKey;
    const second = engine.createProcessInstance({
      bpmnProcessId: 'wait-paid',
      variables: { orderId: 'SHARED' },
    }).processInstanceKey;
    expect(stateOf(engine, first)).toBe('COMPLETED');
    expect(stateOf(engine, second)).toBe('ACTIVE');
    engine.publishMessage({ name: 'paid', correlationKey: 'SHARED', timeToLive: 0 });
    expect(stateOf(engine, second)).toBe('COMPLETED');
  });

  test('a duplicate messageId within the TTL is rejected with ALREADY_EXISTS; after expiry it is accepted', () => {
    engine.publishMessage({ name: 'paid', correlationKey: 'X', timeToLive: 1000, messageId: 'm-1' });
    expect(() =>
      engine.publishMessage({ name: 'paid', correlationKey: 'X', timeToLive: 1000, messageId: 'm-1' }),
    ).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
    engine.clock.advance(1001);
    expect(
      engine.publishMessage({ name: 'paid', correlationKey: 'X', timeToLive: 1000, messageId: 'm-1' }).key,
    ).toMatch(/^\d+$/);
  });

  test('a receive task waits for its message', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'receive',
      variables: { orderId: 7 },
    }).processInstanceKey;
    expect(activeElements(engine, key)).toEqual(['got']);
    engine.publishMessage({ name: 'shipped', correlationKey: '7', timeToLive: 0 });
    expect(completedElements(engine, key)).toEqual(['start', 'got', 'end']);
  });

  test('a message start event creates an instance with the message variables', () => {
    const before = [...engine.listProcessInstances()].filter((p) => p.bpmnProcessId === 'by-message').length;
    engine.publishMessage({ name: 'order-placed', correlationKey: 'o-1', timeToLive: 0, variables: { total: 3 } });
    const started = [...engine.listProcessInstances()].filter((p) => p.bpmnProcessId === 'by-message');
    expect(started).toHaveLength(before + 1);
    const instance = started[started.length - 1];
    expect(instance.state).toBe('COMPLETED');
    expect(variablesOf(engine, instance.processInstanceKey)).toEqual({ total: 3 });
  });

  test('a correlation key that evaluates to null raises an incident on the catch event', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'wait-paid' }).processInstanceKey;
    const incident = [...engine.listIncidents()].find((i) => i.processInstanceKey === key);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'paid' });
    expect(incident?.errorMessage).toContain('correlation key');
  });
});
