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
import { pickDefinition, renderDashboardPage } from './dashboard-page';
import { countsSummary, countsTable } from './dashboard-table';
import { type CountKind, type ElementStatistics, elementStatistics, instancesHref } from './element-statistics';

const REFRESH_MS = 5000;

export function createDashboardView(host: HTMLElement, navigate: (hash: string) => void): View {
  let shown: ProcessDefinition | undefined;
  let diagram: DashboardDiagram | undefined;
  let destroyed = false;

  const page = renderDashboardPage(host, navigate);
  const { summary, canvasHost, tableHost } = page;

  const hrefOf = (elementId: string, kind: CountKind) =>
    shown ? instancesHref(shown.processDefinitionId, shown.version, elementId, kind) : '#/instances';

  const renderCounts = (statistics: ElementStatistics[]) => {
    if (!diagram) return;
    diagram.render(statistics, hrefOf);
    summary.textContent = countsSummary(statistics);
    replaceChildren(
      tableHost,
      countsTable(statistics, (id) => diagram?.nameOf(id) ?? id, hrefOf),
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
        shown = pickDefinition(page, await searchProcessDefinitions(), params);
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
