/**
 * The instances list's table (or the placeholder when no instance matches) and the count above it: a row per
 * instance with its business keys (order id, customer id, ...), outcome badge and state, sortable columns
 * (aria-sort says which) and a checkbox per row for the bulk actions.
 */
import { h } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { outcomeBadge } from './instance-outcome';
import { statePill } from './instance-panels';
import type { InstanceRow } from './instances-query';

export interface TableOptions {
  businessKeys: string[];
  /** "field:asc|desc" of the current sort, or undefined for newest first */
  sort?: string;
  onSort(sort: string): void;
  selected: Set<string>;
  onSelect(): void;
  navigate(hash: string): void;
}

/** "orderId" → "Order id" */
export function keyLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

const SORTABLE: [string, string][] = [
  ['Key', 'processInstanceKey'],
  ['Process', 'processDefinitionId'],
  ['State', 'state'],
  ['Started', 'startDate'],
  ['Ended', 'endDate'],
];

function sortHeader(label: string, field: string, options: TableOptions): HTMLElement {
  const [current, order] = (options.sort ?? 'startDate:desc').split(':');
  const active = current === field;
  const next = active && order === 'desc' ? 'asc' : 'desc';
  return h(
    'th',
    { 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : 'none' },
    h(
      'button',
      {
        type: 'button',
        class: 'sort-button',
        'data-testid': `sort-${field}`,
        onclick: () => options.onSort(`${field}:${next}`),
      },
      label,
      active ? (order === 'asc' ? ' ▲' : ' ▼') : '',
    ),
  );
}

export function instancesTable(rows: InstanceRow[], options: TableOptions): HTMLElement {
  if (rows.length === 0) {
    return h(
      'div',
      { class: 'placeholder', 'data-testid': 'no-instances' },
      h('strong', {}, 'No instances match'),
      h('p', {}, 'Start one from a model, or change the filters.'),
    );
  }
  const { businessKeys, selected } = options;
  const row = ({ instance: i, outcome, endName, keys }: InstanceRow) => {
    const box = h('input', {
      type: 'checkbox',
      'aria-label': `Select instance ${i.processInstanceKey}`,
      'data-testid': `select-${i.processInstanceKey}`,
      checked: selected.has(i.processInstanceKey),
      onclick: (event: Event) => event.stopPropagation(),
      onchange: () => {
        if (box.checked) selected.add(i.processInstanceKey);
        else selected.delete(i.processInstanceKey);
        options.onSelect();
      },
    });
    return h(
      'tr',
      {
        class: 'clickable',
        'data-testid': `instance-row-${i.processInstanceKey}`,
        onclick: () => options.navigate(`#/instances/${i.processInstanceKey}`),
      },
      h('td', { class: 'select' }, box),
      h('td', {}, h('a', { href: `#/instances/${i.processInstanceKey}`, class: 'mono' }, i.processInstanceKey)),
      businessKeys.map((name) => h('td', { 'data-testid': `key-${name}` }, keys[name] ?? '—')),
      h('td', {}, i.processDefinitionId, h('span', { class: 'muted' }, ` v${i.processDefinitionVersion}`)),
      h('td', {}, outcomeBadge(outcome, endName)),
      h('td', {}, statePill(i.state, i.hasIncident)),
      h('td', {}, formatDateTime(i.startDate)),
      h('td', { class: 'muted' }, i.endDate ? formatDateTime(i.endDate) : '—'),
      h('td', { class: 'muted' }, formatDuration(i.startDate, i.endDate)),
    );
  };
  const [keyHeader, processHeader, stateHeader, startedHeader, endedHeader] = SORTABLE.map(([label, field]) =>
    sortHeader(label, field, options),
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
        h('th', { class: 'select' }, h('span', { class: 'visually-hidden' }, 'Select')),
        keyHeader,
        businessKeys.map((name) => h('th', {}, keyLabel(name))),
        processHeader,
        h('th', {}, 'Outcome'),
        stateHeader,
        startedHeader,
        endedHeader,
        h('th', {}, 'Duration'),
      ),
    ),
    h('tbody', {}, rows.map(row)),
  );
}

/** "12 instances", or "25 of 250" when the page holds only part of them. */
export function instanceCount(shown: number, total: number): string {
  return total > shown ? `${shown} of ${total} instances` : `${total} instance${total === 1 ? '' : 's'}`;
}
