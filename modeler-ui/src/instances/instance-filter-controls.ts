/**
 * The instances list's filter controls: a search box for business keys (order id, customer id, ...), process,
 * state and incidents as before, and under "More filters" version, outcome, started/ended dates, current
 * step, error message and a variable's value. Every control is labelled; a change calls `onChange`.
 */
import { h, replaceChildren } from '../ui/dom';
import type { Filters, OptionalFilter } from './instance-filters';
import { OUTCOME_LABELS, type Outcome } from './instance-outcome';

type Control = HTMLInputElement | HTMLSelectElement;

function labelled(label: string, control: Control): HTMLElement {
  return h('label', { class: 'filter-field' }, h('span', { class: 'filter-label' }, label), control);
}

const input = (testId: string, label: string, attrs: Record<string, string> = {}) =>
  h('input', { class: 'input', 'data-testid': testId, 'aria-label': label, ...attrs });

export function filterControls(onChange: (filters: Filters) => void) {
  const searchBox = input('filter-q', 'Search by business key', {
    type: 'search',
    placeholder: 'Order id, customer id, …',
  });
  searchBox.classList.add('search-keys');
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
  const keyInput = input('filter-key', 'Instance key', {
    type: 'search',
    placeholder: 'Instance key',
    inputmode: 'numeric',
  });
  const outcomeSelect = h(
    'select',
    { class: 'input', 'data-testid': 'filter-outcome', 'aria-label': 'Outcome' },
    h('option', { value: '' }, 'Any outcome'),
    (Object.keys(OUTCOME_LABELS) as Outcome[]).map((o) => h('option', { value: o }, OUTCOME_LABELS[o])),
  );
  const more: Record<Exclude<OptionalFilter, 'q' | 'outcome' | 'sort' | 'after' | 'before' | 'size' | 'p'>, Control> = {
    version: input('filter-version', 'Version', { type: 'number', min: '1', placeholder: 'any' }),
    startedFrom: input('filter-started-from', 'Started from', { type: 'date' }),
    startedTo: input('filter-started-to', 'Started until', { type: 'date' }),
    endedFrom: input('filter-ended-from', 'Ended from', { type: 'date' }),
    endedTo: input('filter-ended-to', 'Ended until', { type: 'date' }),
    step: input('filter-step', 'Current step (element id)', { type: 'search', placeholder: 'e.g. charge-payment' }),
    error: input('filter-error', 'Error message contains', { type: 'search' }),
    variable: input('filter-variable', 'Variable name', { type: 'search', placeholder: 'e.g. amount' }),
    value: input('filter-value', 'Variable value', { type: 'search', placeholder: 'e.g. 42 or o-3' }),
  };
  let kept: Filters | undefined;

  const apply = () => {
    const chosen: Filters = {
      process: processSelect.value,
      state: stateSelect.value,
      incidents: incidentsBox.checked,
      key: keyInput.value.trim(),
    };
    if (searchBox.value.trim()) chosen.q = searchBox.value.trim();
    if (outcomeSelect.value) chosen.outcome = outcomeSelect.value;
    for (const [name, control] of Object.entries(more)) {
      if (control.value.trim()) chosen[name as OptionalFilter] = control.value.trim();
    }
    if (kept?.sort) chosen.sort = kept.sort;
    if (kept?.size) chosen.size = kept.size;
    onChange(chosen);
  };
  for (const control of [
    searchBox,
    processSelect,
    stateSelect,
    incidentsBox,
    keyInput,
    outcomeSelect,
    ...Object.values(more),
  ])
    control.addEventListener('change', apply);

  const details = h(
    'details',
    { class: 'more-filters', 'data-testid': 'more-filters' },
    h('summary', {}, 'More filters'),
    h(
      'div',
      { class: 'filter-grid' },
      labelled('Version', more.version),
      labelled('Started from', more.startedFrom),
      labelled('Started until', more.startedTo),
      labelled('Ended from', more.endedFrom),
      labelled('Ended until', more.endedTo),
      labelled('Current step', more.step),
      labelled('Error message', more.error),
      labelled('Variable', more.variable),
      labelled('Value', more.value),
    ),
  );

  return {
    element: h(
      'div',
      { class: 'filters-block' },
      h(
        'div',
        { class: 'filters', role: 'search' },
        searchBox,
        processSelect,
        stateSelect,
        outcomeSelect,
        h('label', { class: 'checkbox' }, incidentsBox, ' With incidents only'),
        keyInput,
      ),
      details,
    ),
    /** shows the route's filters */
    show(filters: Filters) {
      kept = filters;
      searchBox.value = filters.q ?? '';
      processSelect.value = filters.process;
      stateSelect.value = filters.state;
      outcomeSelect.value = filters.outcome ?? '';
      incidentsBox.checked = filters.incidents;
      keyInput.value = filters.key;
      for (const [name, control] of Object.entries(more)) control.value = filters[name as OptionalFilter] ?? '';
      if (Object.keys(more).some((name) => filters[name as OptionalFilter])) details.open = true;
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
