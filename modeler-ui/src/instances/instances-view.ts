/**
 * Instances (#/instances?process=&state=&incidents=1&key=): the newest instances, filterable by process,
 * state, incidents and key (instance-filters.ts); the filters live in the URL so a view can be bookmarked.
 * Refreshes every REFRESH_MS while shown.
 */
import { searchProcessDefinitions, searchProcessInstances } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import { type Filters, filterControls, filtersFrom, hashFor, searchFilterOf } from './instance-filters';
import { instanceCount, instancesTable } from './instances-table';

const REFRESH_MS = 5000;
const PAGE_SIZE = 100;

export function createInstancesView(host: HTMLElement, navigate: (hash: string) => void): View {
  let filters: Filters = filtersFrom({});
  let timer: number | undefined;
  let destroyed = false;
  let request = 0;

  const controls = filterControls((chosen) => navigate(hashFor(chosen)));
  const count = h('span', { class: 'muted', 'data-testid': 'instance-count' });
  const results = h('div', { class: 'table-host' });

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page' },
      h('div', { class: 'page-head' }, h('h1', {}, 'Instances'), count),
      controls.element,
      results,
    ),
  );

  const loadProcesses = async () => {
    try {
      const definitions = await searchProcessDefinitions();
      const ids = [...new Set(definitions.map((d) => d.processDefinitionId))].sort();
      if (filters.process && !ids.includes(filters.process)) ids.push(filters.process);
      controls.offerProcesses(ids, filters.process);
    } catch {
      // the list below shows the error
    }
  };

  const load = async (showLoading: boolean) => {
    window.clearTimeout(timer);
    const mine = ++request;
    if (showLoading) replaceChildren(results, loading('instances'));
    try {
      const page = await searchProcessInstances({
        filter: searchFilterOf(filters),
        sort: [{ field: 'startDate', order: 'DESC' }],
        page: { limit: PAGE_SIZE },
      });
      if (mine !== request || destroyed) return;
      count.textContent = instanceCount(page.items.length, page.page?.totalItems ?? page.items.length);
      replaceChildren(results, instancesTable(page.items, navigate));
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
      controls.show(filters);
      await Promise.all([loadProcesses(), load(true)]);
    },
    destroy() {
      destroyed = true;
      window.clearTimeout(timer);
    },
    reload: () => void load(true),
  };
}
