/**
 * The dashboard page's frame: the process and version pickers (which navigate), the summary line, and the
 * hosts of the diagram and the counts table; and which deployed definition a hash's process and version pick.
 */
import type { ProcessDefinition } from '../api/client';
import { h, replaceChildren } from '../ui/dom';

export interface DashboardPage {
  processSelect: HTMLSelectElement;
  versionSelect: HTMLSelectElement;
  summary: HTMLElement;
  canvasHost: HTMLElement;
  tableHost: HTMLElement;
}

const hashFor = (process: string, version?: string) =>
  `#/dashboard?${new URLSearchParams(version ? { process, version } : { process })}`;

export function renderDashboardPage(host: HTMLElement, navigate: (hash: string) => void): DashboardPage {
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
  return { processSelect, versionSelect, summary, canvasHost, tableHost };
}

/**
 * The definition the hash's process and version pick (the first process and its newest version by default),
 * with the pickers showing every process and that process's versions.
 */
export function pickDefinition(
  page: DashboardPage,
  definitions: ProcessDefinition[],
  params: Record<string, string | undefined>,
): ProcessDefinition | undefined {
  const ids = [...new Set(definitions.map((d) => d.processDefinitionId))].sort();
  const process = params.process && ids.includes(params.process) ? params.process : ids[0];
  const versions = definitions.filter((d) => d.processDefinitionId === process).sort((a, b) => b.version - a.version);
  const shown = versions.find((d) => String(d.version) === params.version) ?? versions[0];
  replaceChildren(
    page.processSelect,
    ids.map((id) => h('option', { value: id }, id)),
  );
  page.processSelect.value = process ?? '';
  replaceChildren(
    page.versionSelect,
    versions.map((d) => h('option', { value: String(d.version) }, `Version ${d.version}`)),
  );
  page.versionSelect.value = shown ? String(shown.version) : '';
  return shown;
}
