/** The instances list's table (or the placeholder when no instance matches) and the count above it. */
import type { ProcessInstance } from '../api/client';
import { h } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { statePill } from './instance-panels';

export function instancesTable(items: ProcessInstance[], navigate: (hash: string) => void): HTMLElement {
  if (items.length === 0) {
    return h(
      'div',
      { class: 'placeholder', 'data-testid': 'no-instances' },
      h('strong', {}, 'No instances match'),
      h('p', {}, 'Start one from a model, or change the filters.'),
    );
  }
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
  return h(
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
    h('tbody', {}, items.map(row)),
  );
}

/** "12 instances", or "newest 100 of 250" when the page holds only the newest. */
export function instanceCount(shown: number, total: number): string {
  return total > shown ? `newest ${shown} of ${total}` : `${total} instance${total === 1 ? '' : 's'}`;
}
