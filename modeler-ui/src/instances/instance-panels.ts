/**
 * The side panels of the instance view: incidents (with Retry), variables (with their scope) and the
 * element history in the order elements were entered.
 */
import type { ElementInstance, Incident, Job, Variable } from '../api/client';
import { h } from '../ui/dom';
import { formatDateTime, formatDuration, formatVariableValue } from '../ui/format';

export function statePill(state: string, hasIncident = false): HTMLElement {
  const label = hasIncident && state === 'ACTIVE' ? 'INCIDENT' : state;
  return h('span', { class: `pill pill-${label.toLowerCase()}`, 'data-testid': 'state-pill' }, label);
}

export function incidentsPanel(
  incidents: Incident[],
  nameOf: (elementId: string) => string | undefined,
  onRetry: (incident: Incident) => void,
  busyKeys: Set<string>,
  jobs: Job[] = [],
): HTMLElement {
  const jobOf = new Map(jobs.map((j) => [j.jobKey, j]));
  const open = incidents.filter((i) => i.state === 'ACTIVE' || i.state === 'PENDING');
  const resolved = incidents.filter((i) => i.state === 'RESOLVED');
  if (open.length === 0 && resolved.length === 0) {
    return h('p', { class: 'muted panel-empty', 'data-testid': 'no-incidents' }, 'No incidents.');
  }
  const card = (incident: Incident, active: boolean) =>
    h(
      'li',
      { class: `incident-card${active ? '' : ' resolved'}`, 'data-testid': active ? 'incident' : 'resolved-incident' },
      h(
        'div',
        { class: 'incident-head' },
        h('strong', {}, nameOf(incident.elementId) ?? incident.elementId),
        h('span', { class: 'muted' }, ` ${incident.elementId} · ${incident.errorType}`),
      ),
      h('p', { class: 'incident-message' }, incident.errorMessage || '(no message)'),
      jobLine(incident.jobKey ? jobOf.get(incident.jobKey) : undefined),
      h(
        'div',
        { class: 'incident-foot' },
        h('span', { class: 'muted' }, active ? `Raised ${formatDateTime(incident.creationTime)}` : 'Resolved'),
        active
          ? h(
              'button',
              {
                type: 'button',
                class: 'button small primary',
                'data-testid': 'retry-button',
                disabled: busyKeys.has(incident.incidentKey),
                title: incident.jobKey ? 'Give the job 1 retry, then resolve the incident' : 'Resolve the incident',
                onclick: () => onRetry(incident),
              },
              busyKeys.has(incident.incidentKey) ? 'Retrying…' : '↻ Retry',
            )
          : null,
      ),
    );
  return h(
    'ul',
    { class: 'incident-list' },
    open.map((i) => card(i, true)),
    resolved.map((i) => card(i, false)),
  );
}

/** A failed job's retries and last error: Retry gives it a retry, so a person sees why it is needed. */
function jobLine(job: Job | undefined): HTMLElement | null {
  if (!job) return null;
  return h(
    'p',
    { class: 'incident-job muted', 'data-testid': 'incident-job' },
    `Job ${job.type}: ${job.retries} ${job.retries === 1 ? 'retry' : 'retries'} left`,
    job.errorMessage ? ` · last error: ${job.errorMessage}` : '',
  );
}

export function variablesPanel(
  variables: Variable[],
  processInstanceKey: string,
  elements: ElementInstance[],
  onEdit?: (variable: Variable, scopeName: string) => void,
): HTMLElement {
  if (variables.length === 0) return h('p', { class: 'muted panel-empty' }, 'No variables.');
  const scopeName = new Map(elements.map((e) => [e.elementInstanceKey, e.elementName || e.elementId]));
  // a variable's scope is shown under its name only when it is not the process (local variables)
  return h(
    'table',
    { class: 'data-table variables', 'data-testid': 'variables-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Name'),
        h('th', {}, 'Value'),
        onEdit ? h('th', {}, h('span', { class: 'visually-hidden' }, 'Edit')) : null,
      ),
    ),
    h(
      'tbody',
      {},
      variables.map((v) =>
        h(
          'tr',
          { 'data-testid': `variable-${v.name}` },
          h(
            'td',
            { class: 'name' },
            h('span', { class: 'mono', title: v.name }, v.name),
            v.scopeKey === processInstanceKey
              ? null
              : h('span', { class: 'variable-scope muted' }, `local to ${scopeName.get(v.scopeKey) ?? v.scopeKey}`),
          ),
          h(
            'td',
            { class: 'mono value', title: v.value },
            formatVariableValue(v.value) + (v.isTruncated ? ' (truncated)' : ''),
          ),
          onEdit
            ? h(
                'td',
                { class: 'edit' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button ghost small',
                    'data-testid': `edit-variable-${v.name}`,
                    'aria-label': `Edit ${v.name}`,
                    disabled: v.isTruncated === true,
                    title: v.isTruncated ? 'Too long to edit here' : `Edit ${v.name}`,
                    onclick: () =>
                      onEdit(
                        v,
                        v.scopeKey === processInstanceKey
                          ? 'the process instance'
                          : (scopeName.get(v.scopeKey) ?? v.scopeKey),
                      ),
                  },
                  'Edit',
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

export function historyPanel(elements: ElementInstance[], onSelect: (elementId: string) => void): HTMLElement {
  const rows = elements.filter((e) => e.type !== 'PROCESS');
  if (rows.length === 0) return h('p', { class: 'muted panel-empty' }, 'Nothing happened yet.');
  return h(
    'ol',
    { class: 'history', 'data-testid': 'history' },
    rows.map((e) =>
      h(
        'li',
        {
          class: `history-item ${e.hasIncident ? 'incident' : e.state.toLowerCase()}`,
          tabindex: 0,
          onclick: () => onSelect(e.elementId),
          'data-testid': `history-${e.elementId}`,
        },
        h('span', { class: 'history-dot' }),
        h(
          'span',
          { class: 'history-text' },
          h('strong', {}, e.elementName || e.elementId),
          h('span', { class: 'muted' }, ` ${e.type.toLowerCase().replace(/_/g, ' ')}`),
        ),
        h(
          'span',
          { class: 'history-time muted', title: `${formatDateTime(e.startDate)} → ${formatDateTime(e.endDate)}` },
          e.state === 'ACTIVE' ? (e.hasIncident ? 'incident' : 'active') : formatDuration(e.startDate, e.endDate),
        ),
      ),
    ),
  );
}
