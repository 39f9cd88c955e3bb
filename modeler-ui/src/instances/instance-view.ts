/**
 * One process instance (#/instances/{key}): its diagram with live overlays, incidents with Retry, variables
 * and element history. Refreshes itself every POLL_MS while the instance runs and stops when it has ended.
 * Retry gives the failed job a retry and resolves the incident (as Operate does); Cancel cancels the
 * instance. Both need the API key.
 */
import {
  cancelProcessInstance,
  type ElementInstance,
  elementInstancesOf,
  getProcessDefinitionXml,
  getProcessInstance,
  type Incident,
  incidentsOf,
  type ProcessInstance,
  resolveIncident,
  sequenceFlowsOf,
  updateJobRetries,
  type Variable,
  variablesOf,
} from '../api/client';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { errorMessage, toast } from '../ui/toast';
import { failure, loading, type View } from '../ui/view';
import { InstanceDiagram } from './instance-diagram';
import { computeOverlays } from './instance-overlays';
import { historyPanel, incidentsPanel, statePill, variablesPanel } from './instance-panels';
import { notShownError, notShownYet, WAIT_STEPS_MS, waitingForCamunda } from './waiting-for-camunda';

const POLL_MS = 1500;
/** Operate gives a failed job one retry before resolving its incident. */
const RETRIES_ON_RETRY = 1;

type Tab = 'incidents' | 'variables' | 'history';

interface Snapshot {
  instance: ProcessInstance;
  elements: ElementInstance[];
  incidents: Incident[];
  variables: Variable[];
  takenFlows: string[] | undefined;
}

const openIncidents = (s: Snapshot) => s.incidents.filter((i) => i.state === 'ACTIVE' || i.state === 'PENDING').length;

/**
 * The instance first: while Camunda does not show it (404) the rest is not asked for, so its sequence flows'
 * 404 is not taken for a server without that endpoint.
 */
async function loadSnapshot(key: string): Promise<Snapshot> {
  const instance = await getProcessInstance(key);
  const [elements, incidents, variables, takenFlows] = await Promise.all([
    elementInstancesOf(key),
    incidentsOf(key),
    variablesOf(key),
    sequenceFlowsOf(key),
  ]);
  return { instance, elements, incidents, variables, takenFlows };
}

export function createInstanceView(host: HTMLElement): View {
  let key = '';
  let diagram: InstanceDiagram | undefined;
  let definitionKey: string | undefined;
  let snapshot: Snapshot | undefined;
  let timer: number | undefined;
  let tab: Tab = 'history';
  let destroyed = false;
  let generation = 0;
  /** looks at an instance Camunda did not show yet (or showed without its history yet) */
  let waits = 0;
  const retrying = new Set<string>();

  const header = h('header', { class: 'instance-header' });
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel' });
  const diagramHost = h('div', { class: 'instance-diagram' });
  const error = h('div', { class: 'inline-error', role: 'alert', hidden: true, 'data-testid': 'instance-error' });

  const stopPolling = () => {
    window.clearTimeout(timer);
    timer = undefined;
  };

  /** Camunda shows an instance before its element history at times (separate exports): look again, bounded. */
  const catchingUp = () => snapshot?.elements.length === 0 && waits < WAIT_STEPS_MS.length;

  const schedule = () => {
    stopPolling();
    if (destroyed || (snapshot?.instance.state !== 'ACTIVE' && !catchingUp())) return;
    const pause = catchingUp() ? WAIT_STEPS_MS[waits++] : POLL_MS;
    timer = window.setTimeout(() => {
      if (document.hidden) schedule();
      else void refresh();
    }, pause);
  };

  /** The instance is not shown yet: say so and look again after the next pause, until the wait is over. */
  const waitForInstance = (err: unknown): boolean => {
    if (!notShownYet(err)) return false;
    if (waits >= WAIT_STEPS_MS.length) {
      replaceChildren(
        host,
        failure(`instance ${key}`, notShownError(key), () => void start(key)),
      );
      return true;
    }
    replaceChildren(diagramHost, waitingForCamunda(key, waits + 1));
    timer = window.setTimeout(() => void refresh(), WAIT_STEPS_MS[waits++]);
    return true;
  };

  const renderHeader = (s: Snapshot) => {
    const i = s.instance;
    const cancel = h(
      'button',
      { type: 'button', class: 'button danger', 'data-testid': 'cancel-button', hidden: i.state !== 'ACTIVE' },
      'Cancel instance',
    );
    cancel.addEventListener('click', () => void cancelInstance());
    replaceChildren(
      header,
      h(
        'a',
        { href: `#/instances?process=${encodeURIComponent(i.processDefinitionId)}`, class: 'back-link' },
        '← Instances',
      ),
      h(
        'div',
        { class: 'instance-title' },
        h(
          'h1',
          {},
          i.processDefinitionName || i.processDefinitionId,
          h('span', { class: 'muted' }, ` v${i.processDefinitionVersion}`),
        ),
        h('span', { class: 'mono muted', 'data-testid': 'instance-key' }, i.processInstanceKey),
        statePill(i.state, i.hasIncident),
        i.state === 'ACTIVE'
          ? h(
              'span',
              { class: 'live', title: `Refreshes every ${POLL_MS / 1000} s` },
              h('span', { class: 'live-dot' }),
              'live',
            )
          : null,
      ),
      h(
        'div',
        { class: 'instance-meta muted' },
        `Started ${formatDateTime(i.startDate)}`,
        i.endDate ? ` · Ended ${formatDateTime(i.endDate)}` : '',
        ` · ${formatDuration(i.startDate, i.endDate)}`,
      ),
      h('span', { class: 'toolbar-spacer' }),
      cancel,
    );
  };

  const renderTabs = (s: Snapshot) => {
    const incidentCount = openIncidents(s);
    const tabButton = (id: Tab, label: string, count?: number, alarm = false) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: `tab${tab === id ? ' active' : ''}`,
          'aria-selected': String(tab === id),
          'data-testid': `tab-${id}`,
          onclick: () => {
            tab = id;
            if (snapshot) renderTabs(snapshot);
          },
        },
        label,
        count !== undefined ? h('span', { class: `count${alarm ? ' alarm' : ''}` }, String(count)) : null,
      );
    replaceChildren(
      tabs,
      tabButton('history', 'History'),
      tabButton('incidents', 'Incidents', incidentCount, incidentCount > 0),
      tabButton('variables', 'Variables', s.variables.length),
    );
    const nameOf = (id: string) => diagram?.nameOf(id);
    replaceChildren(
      panel,
      tab === 'incidents'
        ? incidentsPanel(s.incidents, nameOf, (incident) => void retry(incident), retrying)
        : tab === 'variables'
          ? variablesPanel(s.variables, s.instance.processInstanceKey, s.elements)
          : historyPanel(s.elements, (id) => diagram?.reveal(id)),
    );
  };

  const render = (s: Snapshot) => {
    renderHeader(s);
    renderTabs(s);
    diagram?.render(computeOverlays(s.elements, s.incidents, s.takenFlows, diagram.flows()));
  };

  async function refresh(): Promise<void> {
    const mine = generation;
    try {
      const next = await loadSnapshot(key);
      if (mine !== generation || destroyed) return;
      if (!diagram || definitionKey !== next.instance.processDefinitionKey) {
        const xml = await getProcessDefinitionXml(next.instance.processDefinitionKey);
        if (mine !== generation || destroyed) return;
        diagram?.destroy();
        diagram = new InstanceDiagram();
        definitionKey = next.instance.processDefinitionKey;
        replaceChildren(diagramHost, diagram.element);
        await diagram.open(xml);
      }
      // a new incident is what a person wants to see first
      if (openIncidents(next) > (snapshot ? openIncidents(snapshot) : 0)) tab = 'incidents';
      if (!snapshot) waits = 0; // shown: a wait for its history starts afresh
      snapshot = next;
      error.hidden = true;
      render(next);
    } catch (err) {
      if (mine !== generation || destroyed) return;
      if (!snapshot) {
        if (waitForInstance(err)) return;
        replaceChildren(
          host,
          failure(`instance ${key}`, err, () => void start(key)),
        );
        return;
      }
      error.textContent = `Could not refresh: ${errorMessage(err)}`;
      error.hidden = false;
    }
    schedule();
  }

  async function retry(incident: Incident): Promise<void> {
    retrying.add(incident.incidentKey);
    if (snapshot) renderTabs(snapshot);
    try {
      const done = await withApiKey(async () => {
        if (incident.jobKey) await updateJobRetries(incident.jobKey, RETRIES_ON_RETRY);
        await resolveIncident(incident.incidentKey);
        return true;
      });
      if (done) toast('Incident resolved: the job is retried', 'success');
    } catch (err) {
      toast('Retry failed', 'error', errorMessage(err));
    } finally {
      retrying.delete(incident.incidentKey);
      await refresh();
    }
  }

  async function cancelInstance(): Promise<void> {
    const confirmed = await openDialog({
      title: 'Cancel this instance?',
      body: h('p', {}, `Instance ${key} stops where it is; no compensation runs. This cannot be undone.`),
      confirmLabel: 'Cancel instance',
      cancelLabel: 'Keep running',
      onConfirm: () => true,
    });
    if (!confirmed) return;
    try {
      const done = await withApiKey(async () => {
        await cancelProcessInstance(key);
        return true;
      });
      if (done) toast(`Instance ${key} cancelled`, 'success');
    } catch (err) {
      toast('Cancel failed', 'error', errorMessage(err));
    }
    await refresh();
  }

  function start(newKey: string): Promise<void> {
    generation += 1;
    stopPolling();
    key = newKey;
    snapshot = undefined;
    waits = 0;
    definitionKey = undefined;
    diagram?.destroy();
    diagram = undefined;
    replaceChildren(diagramHost, loading(`instance ${newKey}`));
    replaceChildren(header);
    replaceChildren(tabs);
    replaceChildren(panel);
    replaceChildren(
      host,
      h(
        'div',
        { class: 'instance-view', 'data-testid': 'instance-view' },
        header,
        error,
        h('div', { class: 'instance-body' }, diagramHost, h('aside', { class: 'instance-side' }, tabs, panel)),
      ),
    );
    return refresh();
  }

  return {
    show: (params) => (params.key === key && snapshot ? refresh() : start(params.key)),
    destroy() {
      destroyed = true;
      stopPolling();
      diagram?.destroy();
    },
    reload: () => void refresh(),
  };
}
