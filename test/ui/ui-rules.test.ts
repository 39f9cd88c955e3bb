/**
 * The modeler UI's pure rules, without a browser: what start variables a person may type, and what the
 * instance diagram shows (token counts, completed elements, incidents, taken flows) from the element history.
 */
import { computeOverlays, deriveTakenFlows } from '../../modeler-ui/src/instances/instance-overlays';
import { parseStartVariables } from '../../modeler-ui/src/models/start-variables';
import { parseHash } from '../../modeler-ui/src/router';

// the UI's API types, without importing its client (it reads Vite's import.meta.env)
type ElementInstance = Parameters<typeof computeOverlays>[0][number];
type Incident = Parameters<typeof computeOverlays>[1][number];

describe('start variables', () => {
  it('accepts a JSON object, and nothing as no variables', () => {
    expect(parseStartVariables('{"orderId": "o-1", "amount": 2}')).toEqual({
      ok: true,
      variables: { orderId: 'o-1', amount: 2 },
    });
    expect(parseStartVariables('  \n')).toEqual({ ok: true, variables: {} });
  });

  it('says where JSON is broken', () => {
    const parsed = parseStartVariables('{\n  "orderId": "o-1",\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^The variables are not valid JSON \(line 3, column 1\): /);
  });

  it.each([
    ['[1, 2]', 'an array'],
    ['null', 'null'],
    ['"text"', 'a string'],
    ['42', 'a number'],
  ])('refuses %s: variables must be an object, not %s', (text, kind) => {
    const parsed = parseStartVariables(text);
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining(`must be a JSON object`) });
    if (!parsed.ok) expect(parsed.message).toContain(`not ${kind}`);
  });
});

describe('instance overlays', () => {
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  const element = (
    elementId: string,
    state: ElementInstance['state'],
    start: number,
    end?: number,
    type = 'SERVICE_TASK',
  ): ElementInstance => ({
    elementInstanceKey: `${elementId}-${start}`,
    processInstanceKey: '1',
    elementId,
    type,
    state,
    startDate: at(start),
    endDate: end === undefined ? undefined : at(end),
    hasIncident: false,
  });
  const flows = [
    { id: 'to-a', sourceId: 'start', targetId: 'a' },
    { id: 'to-b', sourceId: 'a', targetId: 'b' },
    { id: 'to-c', sourceId: 'a', targetId: 'c' },
  ];
  const history = [
    element('process', 'ACTIVE', 0, undefined, 'PROCESS'),
    element('start', 'COMPLETED', 0, 1, 'START_EVENT'),
    element('a', 'COMPLETED', 1, 2),
    element('b', 'ACTIVE', 2),
    element('b', 'ACTIVE', 2),
  ];
  const incident = (state: Incident['state'], errorMessage: string): Incident => ({
    incidentKey: `i-${errorMessage}`,
    processInstanceKey: '1',
    elementId: 'b',
    errorType: 'JOB_NO_RETRIES',
    errorMessage,
    creationTime: at(3),
    state,
  });

  it('counts active tokens per element, marks completed ones and leaves the process itself off the diagram', () => {
    const overlays = computeOverlays(history, [], undefined, flows);
    expect([...overlays.tokens]).toEqual([['b', 2]]);
    expect([...overlays.completed].sort()).toEqual(['a', 'start']);
    expect(overlays.tokens.has('process')).toBe(false);
  });

  it('shows only open incidents, with their messages', () => {
    const overlays = computeOverlays(history, [incident('ACTIVE', 'no stock'), incident('RESOLVED', 'old')], [], flows);
    expect([...overlays.incidents]).toEqual([['b', ['no stock']]]);
  });

  it('takes the taken flows from the server when it lists them, else derives them from the history', () => {
    expect([...computeOverlays(history, [], ['to-a'], flows).takenFlows]).toEqual(['to-a']);
    expect(deriveTakenFlows(history, flows)).toEqual(['to-a', 'to-b']);
  });
});

describe('routes', () => {
  it('reads views and filters from the hash', () => {
    expect(parseHash('#/models/order-fulfilment')).toEqual({ kind: 'models', params: { name: 'order-fulfilment' } });
    expect(parseHash('#/new')).toEqual({ kind: 'models', params: { new: 'true' } });
    expect(parseHash('#/instances?process=order-fulfilment&state=ACTIVE')).toEqual({
      kind: 'instances',
      params: { process: 'order-fulfilment', state: 'ACTIVE' },
    });
    expect(parseHash('#/instances/2251799813685249')).toEqual({
      kind: 'instance',
      params: { key: '2251799813685249' },
    });
    expect(parseHash('')).toEqual({ kind: 'models', params: {} });
  });
});
