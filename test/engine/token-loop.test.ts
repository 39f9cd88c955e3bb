/**
 * A token loop with no wait state (issue 20): it keeps running, as in Zeebe, but in bounded slices
 * (src/engine/step-slices.ts), so other commands are served between them and a cancel stops it.
 * On the old engine every test here hangs in its first createProcessInstance (the loop ran to "quiescence").
 */
import { LIVE_HISTORY_KEPT } from '../../src/engine/runtime/live-history';
import { serviceTask } from '../support/bpmn';
import { deployProcesses, newEngine, stateOf, variablesOf, workJobs } from '../support/in-process';
import { CALL_LOOP, CALLEE, COUNTING_LOOP, GATEWAY_LOOP, THROW_LOOP } from '../support/loop-processes';

jest.setTimeout(30_000);

/** one turn of the event loop: what another request would get between two slices */
const turn = () => new Promise((resolve) => setImmediate(resolve));

const WORK = {
  id: 'work',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'loop-neighbour')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> task -> end'],
};

type Engine = ReturnType<typeof newEngine>;
const elementCount = (engine: Engine, key: string) => [...engine.listElementInstances(key)].length;

/** Waits turns until the loop has visibly moved on from `before` element instances. */
async function movesOn(engine: Engine, key: string, before: number) {
  for (let i = 0; i < 100 && elementCount(engine, key) <= before; i++) await turn();
  return elementCount(engine, key);
}

describe('a token loop without a wait state', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    await deployProcesses(engine, THROW_LOOP, GATEWAY_LOOP, COUNTING_LOOP, CALL_LOOP, CALLEE, WORK);
  });

  test.each([
    ['two throw events', THROW_LOOP.id],
    ['an exclusive gateway back to a throw event', GATEWAY_LOOP.id],
  ])(
    '%s: create returns, another instance is served meanwhile, the loop goes on until a cancel stops it',
    async (_, id) => {
      const loop = engine.createProcessInstance({ bpmnProcessId: id, variables: {} });
      expect(stateOf(engine, loop.processInstanceKey)).toBe('ACTIVE');
      const atCreate = elementCount(engine, loop.processInstanceKey);

      // another instance runs to its job, the job is completed, the instance ends: all while the loop runs
      const other = engine.createProcessInstance({ bpmnProcessId: WORK.id, variables: {} });
      expect(workJobs(engine, 'loop-neighbour', () => ({ done: true }))).toHaveLength(1);
      expect(stateOf(engine, other.processInstanceKey)).toBe('COMPLETED');
      expect(variablesOf(engine, other.processInstanceKey)).toEqual({ done: true });

      // the loop was not killed: it moves on, slice after slice
      const later = await movesOn(engine, loop.processInstanceKey, atCreate);
      expect(later).toBeGreaterThan(atCreate);
      expect(stateOf(engine, loop.processInstanceKey)).toBe('ACTIVE');

      engine.cancelProcessInstance(loop.processInstanceKey);
      expect(stateOf(engine, loop.processInstanceKey)).toBe('TERMINATED');
      const atCancel = elementCount(engine, loop.processInstanceKey);
      for (let i = 0; i < 5; i++) await turn();
      expect(elementCount(engine, loop.processInstanceKey)).toBe(atCancel);
      expect([...engine.listElementInstances(loop.processInstanceKey)].every((e) => e.state !== 'ACTIVE')).toBe(true);
    },
  );

  test('a long loop that ends: create returns before it does, awaitCompletion answers with its result', async () => {
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: COUNTING_LOOP.id,
      variables: { i: 0, limit: 3000 },
    });
    expect(stateOf(engine, processInstanceKey)).toBe('ACTIVE'); // ~12,000 steps: more than one slice
    const result = await engine.awaitCompletion(processInstanceKey, 20_000);
    expect(result).toEqual({ i: 3000, limit: 3000 });
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
  });

  test('a loop that runs long keeps a bounded history: its newest entries, and its plain ended ones dropped', async () => {
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: COUNTING_LOOP.id,
      variables: { i: 0, limit: 1e9 },
    });
    const turns = () => variablesOf(engine, processInstanceKey).i as number;
    // two element instances a turn: 40,000 turns went through four times LIVE_HISTORY_KEPT of them
    for (let n = 0; n < 10_000 && turns() < 2 * 2 * LIVE_HISTORY_KEPT; n++) await turn();
    expect(turns()).toBeGreaterThanOrEqual((4 * LIVE_HISTORY_KEPT) / 2);
    const kept = [...engine.listElementInstances(processInstanceKey)];
    expect(kept.length).toBeLessThanOrEqual(2 * LIVE_HISTORY_KEPT);
    expect(kept.length).toBeGreaterThanOrEqual(LIVE_HISTORY_KEPT);
    expect(kept.some((e) => e.type === 'PROCESS' && e.state === 'ACTIVE')).toBe(true);
    engine.cancelProcessInstance(processInstanceKey);
  });

  test('a loop through a call activity keeps a bounded history too: the instances it called go with their call', async () => {
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: CALL_LOOP.id,
      variables: { i: 0, limit: 1e9 },
    });
    const turns = () => variablesOf(engine, processInstanceKey).i as number;
    // three element instances a turn in the loop and three in each called instance
    for (let n = 0; n < 10_000 && turns() < 2 * LIVE_HISTORY_KEPT; n++) await turn();
    expect(turns()).toBeGreaterThanOrEqual(2 * LIVE_HISTORY_KEPT);
    expect([...engine.listElementInstances(processInstanceKey)].length).toBeLessThanOrEqual(2 * LIVE_HISTORY_KEPT);
    const called = [...engine.listProcessInstances()].filter((p) => p.parentProcessInstanceKey === processInstanceKey);
    expect(called.length).toBeLessThanOrEqual(LIVE_HISTORY_KEPT);
    expect(called.length).toBeGreaterThan(0);
    engine.cancelProcessInstance(processInstanceKey);
  });

  test('two loops take turns: both move on', async () => {
    const first = engine.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} });
    const second = engine.createProcessInstance({ bpmnProcessId: GATEWAY_LOOP.id, variables: {} });
    const [a, b] = [elementCount(engine, first.processInstanceKey), elementCount(engine, second.processInstanceKey)];
    expect(await movesOn(engine, first.processInstanceKey, a)).toBeGreaterThan(a);
    expect(await movesOn(engine, second.processInstanceKey, b)).toBeGreaterThan(b);
    engine.cancelProcessInstance(first.processInstanceKey);
    engine.cancelProcessInstance(second.processInstanceKey);
  });

  test('a closed engine schedules no more slices', async () => {
    const other = newEngine();
    await deployProcesses(other, THROW_LOOP);
    const { processInstanceKey } = other.createProcessInstance({ bpmnProcessId: THROW_LOOP.id, variables: {} });
    other.close();
    const atClose = elementCount(other, processInstanceKey);
    for (let i = 0; i < 5; i++) await turn();
    expect(elementCount(other, processInstanceKey)).toBe(atClose);
  });
});
