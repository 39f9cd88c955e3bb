/**
 * A process's dashboard (#/dashboard?process=<id>&version=<n>, newest version by default): its diagram with
 * each element's counts over all its instances (element statistics: where instances wait, where incidents
 * cluster, how many passed), and the same counts as a table (what a screen reader reads), each count
 * linking to the instances it counts. Refreshes every REFRESH_MS; a cluster's counts trail a little.
 */
import { getProcessDefinitionXml, type ProcessDefinition, searchProcessDefinitions } from '../api/client';
import { autoRefresh } from '../instances/auto-refresh';
import { h, replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import { DashboardDiagram } from './dashboard-diagram';
import {
  COUNT_KINDS,
  type CountKind,
  type ElementStatistics,
  elementStatistics,
  instancesHref,
} from './element-statistics';

const REFRESH_MS = 5000;

export function createDashboardView(host: HTMLElement, navigate: (hash: string) => void): View {
  let definitions: ProcessDefinition[] = [];
  let shown: ProcessDefinition | undefined;
  let diagram: DashboardDiagram | undefined;
  let destroyed = false;

  const processSelect = h('select', {
    id: 'dashboard-process',
    class: 'input small',
    'data-testid': 'dashboard-process',
  });
  const versionSelect = h('select', {
    id: 'dashboard-version',
    class: 'input small',
    'data-testid': 'dashboard-version',
  });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'dashboard-summary' });
  const canvasHost = h('div', { class: 'dashboard-canvas-host' });
  const tableHost = h('div', { class: 'table-host' });
  const hashFor = (process: string, version?: string) =>
    `#/dashboard?${new URLSearchParams(version ? { process, version } : { process })}`;
  processSelect.addEventListener('change', () => navigate(hashFor(processSelect.value)));
  versionSelect.addEventListener('change', () => navigate(hashFor(processSelect.value, versionSelect.value)));

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page dashboard-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Process dashboard'),
        h('label', { for: 'dashboard-process', class: 'field-label inline' }, 'Process'),
        processSelect,
        h('label', { for: 'dashboard-version', class: 'field-label inline' }, 'Version'),
        versionSelect,
      ),
      summary,
      canvasHost,
      tableHost,
    ),
  );

  const hrefOf = (elementId: string, kind: CountKind) =>
    shown ? instancesHref(shown.processDefinitionId, shown.version, elementId, kind) : '#/instances';

  const renderCounts = (statistics: ElementStatistics[]) => {
    if (!diagram) return;
    diagram.render(statistics, hrefOf);
    const total = (kind: CountKind) => statistics.reduce((sum, s) => sum + s[kind], 0);
    summary.textContent = `${total('active')} waiting, ${total('incidents')} with an incident, across ${statistics.length} step${statistics.length === 1 ? '' : 's'}`;
    const cell = (s: ElementStatistics, kind: CountKind) =>
      h('td', { class: 'num' }, s[kind] ? h('a', { href: hrefOf(s.elementId, kind) }, String(s[kind])) : '0');
    replaceChildren(
      tableHost,
      h(
        'table',
        { class: 'data-table', 'data-testid': 'dashboard-table' },
        h('caption', { class: 'visually-hidden' }, 'Instances per step'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Step'),
            COUNT_KINDS.map((k) => h('th', { scope: 'col', class: 'num' }, k.heading)),
          ),
        ),
        h(
          'tbody',
          {},
          statistics.map((s) =>
            h(
              'tr',
              { 'data-testid': `dashboard-row-${s.elementId}` },
              h('th', { scope: 'row' }, diagram?.nameOf(s.elementId) ?? s.elementId),
              COUNT_KINDS.map((k) => cell(s, k.kind)),
            ),
          ),
        ),
      ),
    );
  };

  const loadCounts = async () => {
    refresh.stop();
    if (!shown) return;
    try {
      const statistics = await elementStatistics(shown.processDefinitionKey);
      if (!destroyed) renderCounts(statistics);
    } catch (err) {
      if (!destroyed)
        replaceChildren(
          tableHost,
          failure('the counts', err, () => void loadCounts()),
        );
    }
    if (!destroyed) refresh.schedule();
  };
  const refresh = autoRefresh(() => void loadCounts(), REFRESH_MS);

  return {
    async show(params) {
      refresh.stop();
      replaceChildren(canvasHost, loading('the process'));
      try {
        definitions = await searchProcessDefinitions();
        const ids = [...new Set(definitions.map((d) => d.processDefinitionId))].sort();
        const process = params.process && ids.includes(params.process) ? params.process : ids[0];
        const versions = definitions
          .filter((d) => d.processDefinitionId === process)
          .sort((a, b) => b.version - a.version);
        shown = versions.find((d) => String(d.version) === params.version) ?? versions[0];
        replaceChildren(
          processSelect,
          ids.map((id) => h('option', { value: id }, id)),
        );
        processSelect.value = process ?? '';
        replaceChildren(
          versionSelect,
          versions.map((d) => h('option', { value: String(d.version) }, `Version ${d.version}`)),
        );
        versionSelect.value = shown ? String(shown.version) : '';
        if (!shown) {
          replaceChildren(canvasHost, h('p', { class: 'placeholder' }, 'No process is deployed yet.'));
          return;
        }
        const xml = await getProcessDefinitionXml(shown.processDefinitionKey);
        if (destroyed) return;
        diagram?.destroy();
        diagram = new DashboardDiagram();
        replaceChildren(canvasHost, diagram.element);
        await diagram.open(xml);
        await loadCounts();
      } catch (err) {
        if (!destroyed)
          replaceChildren(
            canvasHost,
            failure('the dashboard', err, () => void this.show(params)),
          );
      }
    },
    destroy() {
      destroyed = true;
      refresh.stop();
      diagram?.destroy();
    },
    reload: () => void loadCounts(),
  };
}
