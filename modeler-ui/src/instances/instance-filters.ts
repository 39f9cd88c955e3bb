/**
 * The instances list's filters (process, state, incidents only, key): read from the route, written back into
 * it (so a view can be bookmarked), shown as controls, and turned into a v2 search filter.
 */
import { h, replaceChildren } from '../ui/dom';

export interface Filters {
  process: string;
  state: string;
  incidents: boolean;
  key: string;
}

export function filtersFrom(params: Record<string, string>): Filters {
  return {
    process: params.process ?? '',
    state: params.state ?? '',
    incidents: params.incidents === '1',
    key: params.key ?? '',
  };
}

export function hashFor(f: Filters): string {
  const query = new URLSearchParams();
  if (f.process) query.set('process', f.process);
  if (f.state) query.set('state', f.state);
  if (f.incidents) query.set('incidents', '1');
  if (f.key) query.set('key', f.key);
  const text = query.toString();
  return `#/instances${text ? `?${text}` : ''}`;
}

/** The `filter` of a `POST /v2/process-instances/search` for these filters. */
export function searchFilterOf(filters: Filters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.process) filter.processDefinitionId = filters.process;
  if (filters.state) filter.state = filters.state;
  if (filters.incidents) filter.hasIncident = true;
  if (filters.key) filter.processInstanceKey = filters.key;
  return filter;
}

/** The filter controls; `onChange` gets the filters a person set. */
export function filterControls(onChange: (filters: Filters) => void) {
  const processSelect = h(
    'select',
    { class: 'input', 'data-testid': 'filter-process', 'aria-label': 'Process' },
    h('option', { value: '' }, 'All processes'),
  );
  const stateSelect = h(
    'select',
    { class: 'input', 'data-testid': 'filter-state', 'aria-label': 'State' },
    h('option', { value: '' }, 'Any state'),
    h('option', { value: 'ACTIVE' }, 'Active'),
    h('option', { value: 'COMPLETED' }, 'Completed'),
    h('option', { value: 'TERMINATED' }, 'Terminated (cancelled)'),
  );
  const incidentsBox = h('input', { type: 'checkbox', 'data-testid': 'filter-incidents' });
  const keyInput = h('input', {
    class: 'input',
    type: 'search',
    placeholder: 'Instance key',
    'data-testid': 'filter-key',
    'aria-label': 'Instance key',
    inputmode: 'numeric',
  });

  const apply = () =>
    onChange({
      process: processSelect.value,
      state: stateSelect.value,
      incidents: incidentsBox.checked,
      key: keyInput.value.trim(),
    });
  processSelect.addEventListener('change', apply);
  stateSelect.addEventListener('change', apply);
  incidentsBox.addEventListener('change', apply);
  keyInput.addEventListener('change', apply);

  return {
    element: h(
      'div',
      { class: 'filters', role: 'search' },
      processSelect,
      stateSelect,
      h('label', { class: 'checkbox' }, incidentsBox, ' With incidents only'),
      keyInput,
    ),
    /** shows the route's filters */
    show(filters: Filters) {
      processSelect.value = filters.process;
      stateSelect.value = filters.state;
      incidentsBox.checked = filters.incidents;
      keyInput.value = filters.key;
    },
    /** the deployed process ids to choose from (plus the chosen one, if it is not deployed) */
    offerProcesses(ids: string[], chosen: string) {
      replaceChildren(
        processSelect,
        h('option', { value: '' }, 'All processes'),
        ids.map((id) => h('option', { value: id }, id)),
      );
      processSelect.value = chosen;
    },
  };
}
