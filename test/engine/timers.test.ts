import { serviceTask } from '../support/bpmn';
import {
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  workJobs,
} from '../support/in-process';

const timer = (kind: string, value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const HOUR = 3_600_000;

describe('timers on the engine clock', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    engine.clock.pin(Date.parse('2026-01-01T00:00:00Z'));
    await deployProcesses(
      engine,
      {
        id: 'wait-2h',
        elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', '= duration(delay)')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
        flows: ['start -> wait -> end'],
      },
      {
        id: 'sla',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('ship', 'sla-ship')}<bpmn:endEvent id="end"/>
          <bpmn:boundaryEvent id="too-late" attachedToRef="ship">${timer('timeDuration', 'PT2H')}</bpmn:boundaryEvent><bpmn:endEvent id="escalated"/>
          <bpmn:boundaryEvent id="remind" attachedToRef="ship" cancelActivity="false">${timer('timeCycle', 'R2/PT30M')}</bpmn:boundaryEvent>${serviceTask('send-reminder', 'sla-remind')}`,
        flows: ['start -> ship -> end', 'too-late -> escalated', 'remind -> send-reminder'],
      },
      {
        id: 'deadline-date',
        elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="until">${timer('timeDate', '2026-01-02T00:00:00Z')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
        flows: ['start -> until -> end'],
      },
    );
  });

  test('an intermediate timer fires when the clock passes its duration (FEEL), not before', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'wait-2h',
      variables: { delay: 'PT2H' },
    }).processInstanceKey;
    engine.clock.advance(2 * HOUR - 1);
    expect(stateOf(engine, key)).toBe('ACTIVE');
    engine.clock.advance(1);
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('a timeDate timer fires at its date', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'deadline-date' }).processInstanceKey;
    engine.clock.pin(Date.parse('2026-01-02T00:00:00Z'));
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('non-interrupting cycle timers fire in order while the task runs; the interrupting one cancels it', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'sla' }).processInstanceKey;
    engine.clock.advance(3 * HOUR); // both reminders (30 min, 60 min) then the 2 h SLA, in due order
    expect(workJobs(engine, 'sla-remind')).toHaveLength(2);
    expect(workJobs(engine, 'sla-ship')).toHaveLength(0);
    expect(stateOf(engine, key)).toBe('COMPLETED');
    const history = completedElements(engine, key);
    expect(history.filter((id) => id === 'remind')).toHaveLength(2);
    expect(history).toContain('escalated');
    expect(history).not.toContain('end');
  });

  test('completing the task before the SLA cancels its timers', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'sla' }).processInstanceKey;
    workJobs(engine, 'sla-ship');
    engine.clock.advance(3 * HOUR);
    expect(completedElements(engine, key)).toEqual(['start', 'ship', 'end']);
    expect(activeElements(engine, key)).toEqual([]);
  });
});
