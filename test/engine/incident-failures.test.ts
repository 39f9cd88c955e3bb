/**
 * Failures become incidents in one place of the lifecycle (runtime/lifecycle.ts, attempt), whatever step
 * failed: a behaviour's work once activated (a signal throw event's name included) and an activation's event
 * subscriptions, which open all or none, so that the retry does not open one a second time.
 */
import { serviceTask } from '../support/bpmn';
import { activeElements, completedElements, deployProcesses, newEngine, stateOf } from '../support/in-process';

describe('failures raise incidents in one place', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  const activeIncident = (processInstanceKey: string) =>
    [...engine.listIncidents()].find((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');

  test.each([
    ['intermediateThrowEvent', '<bpmn:intermediateThrowEvent id="announce"', '</bpmn:intermediateThrowEvent>'],
    ['endEvent', '<bpmn:endEvent id="announce"', '</bpmn:endEvent>'],
  ])(
    'a signal %s whose name does not evaluate stops with an incident; resolving it broadcasts',
    async (kind, open, close) => {
      await deployProcesses(
        engine,
        {
          id: `announcer-${kind}`,
          elements: `<bpmn:startEvent id="start"/>${open}><bpmn:signalEventDefinition signalRef="s-announced"/>${close}${
            kind === 'endEvent' ? '' : '<bpmn:endEvent id="end"/>'
          }`,
          flows: [kind === 'endEvent' ? 'start -> announce' : 'start -> announce -> end'],
          definitions: '<bpmn:signal id="s-announced" name="= assert(topic, topic != null)"/>',
        },
        {
          id: `listener-${kind}`,
          elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="heard"><bpmn:signalEventDefinition signalRef="s-news"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
          flows: ['start -> heard -> end'],
          definitions: `<bpmn:signal id="s-news" name="news-${kind}"/>`,
        },
      );
      const listener = engine.createProcessInstance({ bpmnProcessId: `listener-${kind}` }).processInstanceKey;
      const announcer = engine.createProcessInstance({ bpmnProcessId: `announcer-${kind}` }).processInstanceKey;
      const incident = activeIncident(announcer);
      expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'announce' });
      expect(activeElements(engine, announcer)).toEqual(['announce']);

      engine.setVariables(announcer, { topic: `news-${kind}` }, false);
      engine.resolveIncident(incident?.key ?? '');
      expect(stateOf(engine, announcer)).toBe('COMPLETED');
      expect(completedElements(engine, listener)).toEqual(['start', 'heard', 'end']);
    },
  );

  test("an activation that fails after a boundary event's signal subscription opened opens it once on retry", async () => {
    await deployProcesses(engine, {
      id: 'pinged-work',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'pinged-work')}<bpmn:endEvent id="end"/>
        <bpmn:boundaryEvent id="pinged" attachedToRef="work" cancelActivity="false"><bpmn:signalEventDefinition signalRef="s-ping"/></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="overdue" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>= delay</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:endEvent id="noted"/><bpmn:endEvent id="late"/>`,
      flows: ['start -> work -> end', 'pinged -> noted', 'overdue -> late'],
      definitions: '<bpmn:signal id="s-ping" name="ping-work"/>',
    });
    const key = engine.createProcessInstance({ bpmnProcessId: 'pinged-work' }).processInstanceKey;
    const incident = activeIncident(key);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'work' });

    engine.setVariables(key, { delay: 'PT1H' }, false);
    engine.resolveIncident(incident?.key ?? '');
    engine.broadcastSignal('ping-work');
    expect(completedElements(engine, key).filter((id) => id === 'pinged')).toEqual(['pinged']);
  });
});
