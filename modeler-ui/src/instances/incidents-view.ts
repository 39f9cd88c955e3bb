/**
 * Incidents across instances (#/incidents?process=): the open incidents (POST /v2/incidents/search, state
 * ACTIVE) grouped by process, step and error type, as Operate groups them, each group with its count, a
 * sample message, links to the instances and "Retry all" (per incident: the job gets a retry, then the
 * incident is resolved). Refreshes every REFRESH_MS while shown.
 */
import { type Incident, search } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime } from '../ui/format';
import { failure, loading, type View } from '../ui/view';
import { autoRefresh } from './auto-refresh';
import { bulkRetry } from './bulk-actions';

const REFRESH_MS = 5000;
const LIMIT = 1000;

export interface IncidentGroup {
  processDefinitionId: string;
  elementId: string;
  errorType: string;
  incidents: Incident[];
}

type WithProcess = Incident & { processDefinitionId?: string };

/** Open incidents by process, step and error type; the biggest group first. */
export function groupIncidents(incidents: WithProcess[]): IncidentGroup[] {
  const groups = new Map<string, IncidentGroup>();
  for (const incident of incidents) {
    const processDefinitionId = incident.processDefinitionId ?? '';
    const id = JSON.stringify([processDefinitionId, incident.elementId, incident.errorType]);
    const group = groups.get(id) ?? {
      processDefinitionId,
      elementId: incident.elementId,
      errorType: incident.errorType,
      incidents: [],
    };
    group.incidents.push(incident);
    groups.set(id, group);
  }
  return [...groups.values()].sort((a, b) => b.incidents.length - a.incidents.length);
}

function groupCard(group: IncidentGroup, onRetry: (group: IncidentGroup) => void): HTMLElement {
  const testId = `incident-group-${group.elementId}`;
  const messages = [...new Set(group.incidents.map((i) => i.errorMessage || '(no message)'))];
  return h(
    'section',
    { class: 'incident-group', 'data-testid': testId, 'aria-label': `${group.errorType} at ${group.elementId}` },
    h(
      'header',
      { class: 'incident-group-head' },
      h(
        'h2',
        {},
        group.elementId,
        h('span', { class: 'muted' }, ` · ${group.processDefinitionId} · ${group.errorType}`),
      ),
      h('span', { class: 'count alarm', 'data-testid': `${testId}-count` }, String(group.incidents.length)),
      h('span', { class: 'toolbar-spacer' }),
      h(
        'button',
        {
          type: 'button',
          class: 'button small primary',
          'data-testid': `${testId}-retry`,
          onclick: () => onRetry(group),
        },
        `↻ Retry all ${group.incidents.length}`,
      ),
    ),
    h('p', { class: 'incident-message' }, messages.slice(0, 3).join(' · ')),
    h(
      'ul',
      { class: 'incident-group-list' },
      group.incidents.map((i) =>
        h(
          'li',
          {},
          h('a', { href: `#/instances/${i.processInstanceKey}`, class: 'mono' }, i.processInstanceKey),
          h('span', { class: 'muted' }, ` raised ${formatDateTime(i.creationTime)}`),
        ),
      ),
    ),
  );
}

export function createIncidentsView(host: HTMLElement): View {
  let destroyed = false;
  let request = 0;
  const count = h('span', { class: 'muted', 'data-testid': 'incident-total', 'aria-live': 'polite' });
  const results = h('div', { class: 'incident-groups' });
  replaceChildren(
    host,
    h('div', { class: 'page' }, h('div', { class: 'page-head' }, h('h1', {}, 'Incidents'), count), results),
  );

  const retryGroup = async (group: IncidentGroup) => {
    await bulkRetry(group.incidents);
    await load(false);
  };

  const load = async (showLoading: boolean) => {
    refresh.stop();
    const mine = ++request;
    if (showLoading) replaceChildren(results, loading('incidents'));
    try {
      const page = await search<WithProcess>('incidents', {
        filter: { state: 'ACTIVE' },
        sort: [{ field: 'creationTime', order: 'DESC' }],
        page: { limit: LIMIT },
      });
      if (mine !== request || destroyed) return;
      const groups = groupIncidents(page.items);
      count.textContent = `${page.page.totalItems} open incident${page.page.totalItems === 1 ? '' : 's'}`;
      replaceChildren(
        results,
        groups.length === 0
          ? h('div', { class: 'placeholder', 'data-testid': 'no-open-incidents' }, h('strong', {}, 'No open incidents'))
          : groups.map((g) => groupCard(g, (chosen) => void retryGroup(chosen))),
      );
    } catch (err) {
      if (mine !== request || destroyed) return;
      replaceChildren(
        results,
        failure('the incidents', err, () => void load(true)),
      );
    }
    if (!destroyed) refresh.schedule();
  };

  const refresh = autoRefresh(() => void load(false), REFRESH_MS);

  return {
    show: () => load(true),
    destroy() {
      destroyed = true;
      refresh.stop();
    },
    reload: () => void load(true),
  };
}
