/**
 * The dashboard's counts as text: the summary line and the table of counts per step (what a screen reader
 * reads), each count linking to the instances it counts.
 */
import { h } from '../ui/dom';
import { COUNT_KINDS, type CountKind, type ElementStatistics } from './element-statistics';

/** "2 waiting, 1 with an incident, across 5 steps" */
export function countsSummary(statistics: ElementStatistics[]): string {
  const total = (kind: CountKind) => statistics.reduce((sum, s) => sum + s[kind], 0);
  return `${total('active')} waiting, ${total('incidents')} with an incident, across ${statistics.length} step${statistics.length === 1 ? '' : 's'}`;
}

export function countsTable(
  statistics: ElementStatistics[],
  nameOf: (elementId: string) => string,
  hrefOf: (elementId: string, kind: CountKind) => string,
): HTMLTableElement {
  const cell = (s: ElementStatistics, kind: CountKind) =>
    h('td', { class: 'num' }, s[kind] ? h('a', { href: hrefOf(s.elementId, kind) }, String(s[kind])) : '0');
  return h(
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
          h('th', { scope: 'row' }, nameOf(s.elementId)),
          COUNT_KINDS.map((k) => cell(s, k.kind)),
        ),
      ),
    ),
  );
}
