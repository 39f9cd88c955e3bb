/**
 * The instance view's side panel: tabs for History, Incidents (with Retry) and Variables, and the chosen tab's
 * panel. The chosen tab stays across refreshes; a new open incident brings the Incidents tab forward.
 */
import type { Incident, Variable } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { historyPanel, incidentsPanel, variablesPanel } from './instance-panels';
import { openIncidents, type Snapshot } from './instance-snapshot';

type Tab = 'incidents' | 'variables' | 'history';

export interface SidePanelActions {
  retry(incident: Incident): void;
  /** edits a variable on its scope */
  editVariable(variable: Variable, scopeName: string): void;
  /** the element's name in the diagram */
  nameOf(elementId: string): string | undefined;
  /** shows the element in the diagram */
  reveal(elementId: string): void;
}

export function instanceSidePanel(actions: SidePanelActions) {
  let tab: Tab = 'history';
  let shown: Snapshot | undefined;
  /** incidents whose Retry is under way */
  const retrying = new Set<string>();
  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const panel = h('div', { class: 'tab-panel', role: 'tabpanel' });

  const render = (s: Snapshot) => {
    shown = s;
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
            if (shown) render(shown);
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
    replaceChildren(
      panel,
      tab === 'incidents'
        ? incidentsPanel(s.incidents, actions.nameOf, actions.retry, retrying, s.jobs)
        : tab === 'variables'
          ? variablesPanel(s.variables, s.instance.processInstanceKey, s.elements, actions.editVariable)
          : historyPanel(s.elements, actions.reveal),
    );
  };

  return {
    tabs,
    panel,
    render,
    /** a new incident is what a person wants to see first */
    showNewIncidents(before: Snapshot | undefined, after: Snapshot) {
      if (openIncidents(after) > (before ? openIncidents(before) : 0)) tab = 'incidents';
    },
    /** marks an incident's Retry as under way (true) or done (false), on the panel shown */
    setRetrying(incidentKey: string, underWay: boolean) {
      if (underWay) retrying.add(incidentKey);
      else retrying.delete(incidentKey);
      if (underWay && shown) render(shown);
    },
    /** another instance: nothing shown (the chosen tab stays) */
    clear() {
      shown = undefined;
      replaceChildren(tabs);
      replaceChildren(panel);
    },
  };
}
