/**
 * Instances (#/instances?process=&state=&outcome=&q=&…): a page of instances with their business keys and
 * outcome, filterable (instance-filter-controls.ts), sortable by column, paged with Camunda's cursors, and
 * with the selected ones cancellable at once. The filters, sort and page live in the URL so a view can be
 * bookmarked. Refreshes every REFRESH_MS while shown.
 */
import { type ProcessDefinition, searchProcessDefinitions } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import { autoRefresh } from './auto-refresh';
import { bulkCancel } from './bulk-actions';
import { filterControls } from './instance-filter-controls';
import { type Filters, filtersFrom, firstPage, hashFor } from './instance-filters';
import { type InstancesPage, loadInstancesPage, PAGE_SIZES } from './instances-query';
import { instanceCount, instancesTable } from './instances-table';

const REFRESH_MS = 5000;

export function createInstancesView(host: HTMLElement, navigate: (hash: string) => void): View {
  let filters: Filters = filtersFrom({});
  let definitions: ProcessDefinition[] = [];
  let shown: InstancesPage | undefined;
  let destroyed = false;
  let request = 0;
  const selected = new Set<string>();

  const go = (next: Filters) => navigate(hashFor(next));
  const controls = filterControls((chosen) => go(firstPage(chosen)));
  const count = h('span', { class: 'muted', 'data-testid': 'instance-count', 'aria-live': 'polite' });
  const results = h('div', { class: 'table-host' });
  const cancelSelected = h(
    'button',
    { type: 'button', class: 'button danger small', 'data-testid': 'bulk-cancel', disabled: true },
    'Cancel selected',
  );
  const previous = h('button', { type: 'button', class: 'button small', 'data-testid': 'page-previous' }, '← Previous');
  const next = h('button', { type: 'button', class: 'button small', 'data-testid': 'page-next' }, 'Next →');
  const sizeSelect = h(
    'select',
    { class: 'input small', 'data-testid': 'page-size', 'aria-label': 'Instances per page' },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, `${n} per page`)),
  );
  const pageLabel = h('span', { class: 'muted', 'data-testid': 'page-number' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, pageLabel, next, sizeSelect);

  const onSelect = () => {
    cancelSelected.disabled = selected.size === 0;
    cancelSelected.textContent = selected.size ? `Cancel selected (${selected.size})` : 'Cancel selected';
  };
  cancelSelected.addEventListener('click', async () => {
    if (await bulkCancel([...selected])) {
      selected.clear();
      onSelect();
      void load(false);
    }
  });
  previous.addEventListener('click', () => {
    if (!shown?.startCursor) return;
    const number = shown.number - 1;
    // the first page is asked for without a cursor, as it was the first time
    go(number <= 1 ? firstPage(filters) : { ...firstPage(filters), before: shown.startCursor, p: String(number) });
  });
  next.addEventListener('click', () => {
    if (shown?.endCursor) go({ ...firstPage(filters), after: shown.endCursor, p: String(shown.number + 1) });
  });
  sizeSelect.addEventListener('change', () => go({ ...firstPage(filters), size: sizeSelect.value }));

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Instances'),
        count,
        h('span', { class: 'toolbar-spacer' }),
        cancelSelected,
      ),
      controls.element,
      results,
      pager,
    ),
  );

  const loadProcesses = async () => {
    try {
      definitions = await searchProcessDefinitions();
      const ids = [...new Set(definitions.map((d) => d.processDefinitionId))].sort();
      if (filters.process && !ids.includes(filters.process)) ids.push(filters.process);
      controls.offerProcesses(ids, filters.process);
    } catch {
      // the list below shows the error
    }
  };

  const render = (page: InstancesPage) => {
    shown = page;
    const visible = new Set(page.rows.map((r) => r.instance.processInstanceKey));
    for (const key of selected) if (!visible.has(key)) selected.delete(key);
    onSelect();
    count.textContent = instanceCount(page.rows.length, page.total);
    pageLabel.textContent = page.total > page.rows.length ? `Page ${page.number}` : '';
    previous.disabled = !page.hasPrevious;
    next.disabled = !page.hasNext || !page.endCursor;
    replaceChildren(
      results,
      instancesTable(page.rows, {
        businessKeys: page.businessKeys,
        sort: filters.sort,
        onSort: (sort) => go({ ...firstPage(filters), sort }),
        selected,
        onSelect,
        navigate,
      }),
    );
  };

  const load = async (showLoading: boolean) => {
    refresh.stop();
    const mine = ++request;
    if (showLoading) replaceChildren(results, loading('instances'));
    try {
      const page = await loadInstancesPage(filters, definitions);
      if (mine !== request || destroyed) return;
      render(page);
    } catch (err) {
      if (mine !== request || destroyed) return;
      count.textContent = '';
      replaceChildren(
        results,
        failure('the instances', err, () => void load(true)),
      );
    }
    if (!destroyed) refresh.schedule();
  };

  const refresh = autoRefresh(() => void load(false), REFRESH_MS);

  return {
    async show(params) {
      filters = filtersFrom(params);
      controls.show(filters);
      sizeSelect.value = filters.size ?? String(PAGE_SIZES[0]);
      await loadProcesses();
      await load(true);
    },
    destroy() {
      destroyed = true;
      refresh.stop();
    },
    reload: () => void load(true),
  };
}
