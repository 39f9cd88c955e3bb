/**
 * The Camunda-like profile's clock (engine.clockTimersLater): a clock change returns before what it made due
 * fires, as Zeebe's due-date checkers fire timers after the clock command; the firing is journaled as a 'tick',
 * so a restart replays a command that came between the change and the firing in the same order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEngine } from '../../src/engine/engine';
import { bpmnXml } from '../support/bpmn';
import { pollFor } from '../support/eventually';

const logger = pino({ level: 'silent' });
const HOUR = 60 * 60_000;
const timed = bpmnXml({
  id: 'timed',
  elements:
    '<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>' +
    '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>' +
    '<bpmn:endEvent id="end"/>',
  flows: ['start -> wait -> end'],
});

describe('clock changes in the Camunda-like profile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-clock-later-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = async () => {
    const engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    engine.clockTimersLater = true;
    return engine;
  };

  test('the timer fires after the change returns, and a restart replays the same end', async () => {
    const engine = await open();
    engine.clock.pin(Date.parse('2026-03-01T00:00:00Z'));
    await engine.deploy([{ name: 'timed.bpmn', content: timed }]);
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'timed' });
    engine.clock.advance(2 * HOUR);
    expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('ACTIVE');
    await pollFor('the timer to fire', () => engine.getProcessInstance(processInstanceKey)?.state === 'COMPLETED');
    await engine.durable();
    engine.close();

    const restarted = await open();
    expect(restarted.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    const waits = [...restarted.listElementInstances(processInstanceKey)].filter((e) => e.elementId === 'wait');
    expect(waits.map((e) => e.state)).toEqual(['COMPLETED']);
    restarted.close();
  });

  test('a command between the change and the firing is replayed before the firing', async () => {
    const engine = await open();
    engine.clock.pin(Date.parse('2026-03-01T00:00:00Z'));
    await engine.deploy([{ name: 'timed.bpmn', content: timed }]);
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'timed' });
    engine.clock.advance(2 * HOUR);
    engine.cancelProcessInstance(processInstanceKey); // before the timer's turn came
    expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('TERMINATED');
    await engine.durable();
    engine.close();

    const restarted = await open();
    expect(restarted.getProcessInstance(processInstanceKey)?.state).toBe('TERMINATED');
    restarted.close();
  });
});
