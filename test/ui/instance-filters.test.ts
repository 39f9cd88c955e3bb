/**
 * The instances list's filters without a browser: the route they are read from is the one they write back
 * (bookmarks keep working), and each set filter becomes its v2 search field.
 */
import { filtersFrom, hashFor, searchFilterOf } from '../../modeler-ui/src/instances/instance-filters';
import { parseHash } from '../../modeler-ui/src/router';

describe('instance filters', () => {
  it('read back from the hash they write', () => {
    const filters = { process: 'order-process', state: 'ACTIVE', incidents: true, key: '2251799813685249' };
    const hash = hashFor(filters);
    expect(hash).toBe('#/instances?process=order-process&state=ACTIVE&incidents=1&key=2251799813685249');
    expect(filtersFrom(parseHash(hash).params)).toEqual(filters);
    expect(hashFor(filtersFrom({}))).toBe('#/instances');
  });

  it('search only by the filters that are set', () => {
    expect(searchFilterOf(filtersFrom({}))).toEqual({});
    expect(searchFilterOf({ process: 'p', state: 'COMPLETED', incidents: true, key: '7' })).toEqual({
      processDefinitionId: 'p',
      state: 'COMPLETED',
      hasIncident: true,
      processInstanceKey: '7',
    });
  });
});
