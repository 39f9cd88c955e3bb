/**
 * Instances (#/instances?process=&state=&incidents=1&key=): the newest instances, filterable by process,
 * state, incidents and key; the filters live in the URL so a view can be bookmarked. Refreshes every
 * REFRESH_MS while shown.
 */
import { type ProcessInstance, searchProcessDefinitions, searchProcessInstances } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { failure, loading, type View } from '../ui/view';
import { statePill } from './instance-panels';

const REFRESH_MS = 5000;
const PAGE_SIZE = 100;

interface Filters {
  process: string;
  state: string;
  incidents: boolean;
  key: string;
}

function filtersFrom(params: Record<string, string>): Filters {
  return {
    process: params.process ?? '',
    state: params.state ?? '',
    incidents: params.incidents === '1',
    key: params.key ?? '',
  };
}

function hashFor(f: Filters): string {
  const query = new URLSearchParams();
  if (f.process) query.set('process', f.process);
  if (f.state) query.set('state', f.state);
  if (f.incidents) query.set('incidents', '1');
  if (f.key) query.set('key', f.key);
  const text = query.toString();
  return `#/instances${text ? `?${text}` : ''}`;
}

export function createInstancesView(host: HTMLElement, navigate: (hash: string) => void): View {
  let filters: Filters = filtersFrom({});
  let timer: number | undefined;
  let destroyed = false;
  let request = 0;

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
  const count = h('span', { class: 'muted', 'data-testid': 'instance-count' });
  const results = h('div', { class: 'table-host' });

  const apply = () =>
    navigate(
      hashFor({
        process: processSelect.value,
        state: stateSelect.value,
        incidents: incidentsBox.checked,
        key: keyInput.value.trim(),
      }),
    );
  processSelect.addEventListener('change', apply);
  stateSelect.addEventListener('change', apply);
  incidentsBox.addEventListener('change', apply);
  keyInput.addEventListener('change', apply);

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Instances'), count),
      h(
        'div',
        { class: 'filters', role: 'search' },
        processSelect,
        stateSelect,
        h('label', { class: 'checkbox' }, incidentsBox, ' With incidents only'),
        keyInput,
      ),
      results,
    ),
  );

  const loadProcesses = async () => {
    try {
      const definitions = await searchProcessDefinitions();
      const ids = [...new Set(definitions.map((d) => d.processDefinitionId))].sort();
      if (filters.process && !ids.includes(filters.process)) ids.push(filters.process);
      replaceChildren(
        processSelect,
        h('option', { value: '' }, 'All processes'),
        ids.map((id) => h('option', { value: id }, id)),
      );
      processSelect.value = filters.process;
    } catch {
      // the list below shows the error
    }
  };

  const row = (i: ProcessInstance) =>
    h(
      'tr',
      {
        class: 'clickable',
        'data-testid': `instance-row-${i.processInstanceKey}`,
        onclick: () => navigate(`#/instances/${i.processInstanceKey}`),
      },
      h('td', {}, h('a', { href: `#/instances/${i.processInstanceKey}`, class: 'mono' }, i.processInstanceKey)),
      h('td', {}, i.processDefinitionId, h('span', { class: 'muted' }, ` v${i.processDefinitionVersion}`)),
      h('td', {}, statePill(i.state, i.hasIncident)),
      h('td', {}, formatDateTime(i.startDate)),
      h('td', { class: 'muted' }, formatDuration(i.startDate, i.endDate)),
      h(
        'td',
        {},
        i.hasIncident ? h('span', { class: 'incident-flag' }, '● Incident') : h('span', { class: 'muted' }, '—'),
      ),
    );

  const load = async (showLoading: boolean) => {
    window.clearTimeout(timer);
    const mine = ++request;
    if (showLoading) replaceChildren(results, loading('instances'));
    try {
      const filter: Record<string, unknown> = {};
      if (filters.process) filter.processDefinitionId = filters.process;
      if (filters.state) filter.state = filters.state;
      if (filters.incidents) filter.hasIncident = true;
      if (filters.key) filter.processInstanceKey = filters.key;
      const page = await searchProcessInstances({
        filter,
        sort: [{ field: 'startDate', order: 'DESC' }],
        page: { limit: PAGE_SIZE },
      });
      if (mine !== request || destroyed) return;
      const total = page.page?.totalItems ?? page.items.length;
      count.textContent =
        total > page.items.length
          ? `newest ${page.items.length} of ${total}`
          : `${total} instance${total === 1 ? '' : 's'}`;
      replaceChildren(
        results,
        page.items.length === 0
          ? h(
              'div',
              { class: 'placeholder', 'data-testid': 'no-instances' },
              h('strong', {}, 'No instances match'),
              h('p', {}, 'Start one from a model, or change the filters.'),
            )
          : h(
              'table',
              { class: 'data-table', 'data-testid': 'instances-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['Key', 'Process', 'State', 'Started', 'Duration', 'Incidents'].map((t) => h('th', {}, t)),
                ),
              ),
              h('tbody', {}, page.items.map(row)),
            ),
      );
    } catch (err) {
      if (mine !== request || destroyed) return;
      count.textContent = '';
      replaceChildren(
        results,
        failure('the instances', err, () => void load(true)),
      );
    }
    const tick = () => {
      if (document.hidden) timer = window.setTimeout(tick, REFRESH_MS);
      else void load(false);
    };
    if (!destroyed) timer = window.setTimeout(tick, REFRESH_MS);
  };

  return {
    async show(params) {
      filters = filtersFrom(params);
      processSelect.value = filters.process;
      stateSelect.value = filters.state;
      incidentsBox.checked = filters.incidents;
      keyInput.value = filters.key;
      await Promise.all([loadProcesses(), load(true)]);
    },
    destroy() {
      destroyed = true;
      window.clearTimeout(timer);
    },
    reload: () => void load(true),
  };
}
