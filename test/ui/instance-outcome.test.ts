/**
 * The instances list's rules without a browser: how an instance's outcome follows from its state and the end
 * event it reached, the Camunda filter each outcome becomes, and the new filters' round trip through the URL
 * (a bookmarked search, sort and page come back as they were).
 */
import {
  filtersFrom,
  firstPage,
  hashFor,
  searchFilterOf,
  variableValueText,
} from '../../modeler-ui/src/instances/instance-filters';
import { lastEndEvent, outcomeOf, outcomeSearchFilter } from '../../modeler-ui/src/instances/instance-outcome';
import { parseHash } from '../../modeler-ui/src/router';

const ends = new Map([
  ['order-completed', 'completed' as const],
  ['order-rejected', 'rejected' as const],
  ['order-cancelled', 'cancelled' as const],
]);

describe('instance outcome', () => {
  it('follows from the state, the incident flag and the end event reached', () => {
    expect(outcomeOf({ state: 'ACTIVE', hasIncident: false }, undefined, ends)).toBe('active');
    expect(outcomeOf({ state: 'ACTIVE', hasIncident: true }, undefined, ends)).toBe('incident');
    expect(outcomeOf({ state: 'TERMINATED', hasIncident: false }, undefined, ends)).toBe('cancelled');
    expect(outcomeOf({ state: 'COMPLETED', hasIncident: false }, 'order-rejected', ends)).toBe('rejected');
    expect(outcomeOf({ state: 'COMPLETED', hasIncident: false }, 'order-cancelled', ends)).toBe('cancelled');
    expect(outcomeOf({ state: 'COMPLETED', hasIncident: false }, 'unknown-end', ends)).toBe('completed');
  });

  it('takes the end event reached last', () => {
    const end = (elementId: string, endDate: string) =>
      ({ elementId, type: 'END_EVENT', state: 'COMPLETED', endDate }) as Parameters<typeof lastEndEvent>[0][number];
    expect(
      lastEndEvent([end('order-cancelled', '2026-01-01T00:00:02Z'), end('reminder-sent', '2026-01-01T00:00:01Z')]),
    ).toBe('order-cancelled');
  });

  it('becomes a Camunda 8.8 filter', () => {
    const byOutcome = { completed: ['order-completed'], rejected: ['order-rejected'], cancelled: ['order-cancelled'] };
    expect(outcomeSearchFilter('rejected', byOutcome)).toEqual({
      state: 'COMPLETED',
      elementId: { $in: ['order-rejected'] },
      elementInstanceState: 'COMPLETED',
    });
    expect(outcomeSearchFilter('cancelled', byOutcome)).toEqual({
      $or: [
        { state: 'TERMINATED' },
        { state: 'COMPLETED', elementId: { $in: ['order-cancelled'] }, elementInstanceState: 'COMPLETED' },
      ],
    });
    expect(outcomeSearchFilter('incident', byOutcome)).toEqual({ state: 'ACTIVE', hasIncident: true });
  });
});

describe('the new instance filters', () => {
  it('read back from the hash they write; a new filter starts on the first page', () => {
    const hash =
      '#/instances?process=order-fulfilment&outcome=rejected&q=o-3&step=charge-payment&sort=endDate%3Aasc&after=abc&p=2';
    const filters = filtersFrom(parseHash(hash).params);
    expect(hashFor(filters)).toBe(hash);
    expect(hashFor(firstPage(filters))).not.toMatch(/[?&](after|p)=/);
  });

  it('search by version, dates, step, error and variable value', () => {
    const filter = searchFilterOf({
      ...filtersFrom({}),
      version: '2',
      startedFrom: '2026-01-01',
      step: 'charge-payment',
      error: 'declined',
      variable: 'orderId',
      value: 'o-3',
    });
    expect(filter).toMatchObject({
      processDefinitionVersion: 2,
      startDate: { $gte: expect.any(String) },
      elementId: 'charge-payment',
      elementInstanceState: 'ACTIVE',
      errorMessage: { $like: '*declined*' },
      variables: [{ name: 'orderId', value: '"o-3"' }],
    });
    expect(variableValueText('42')).toBe('42');
    expect(variableValueText('"x"')).toBe('"x"');
  });
});
