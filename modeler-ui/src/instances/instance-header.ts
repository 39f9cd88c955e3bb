/** The instance view's header: back link, process name and version, key, state, live badge, times, Cancel. */
import type { ProcessInstance } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { statePill } from './instance-panels';
import { POLL_MS } from './instance-polling';

export function renderInstanceHeader(header: HTMLElement, i: ProcessInstance, onCancel: () => void): void {
  const cancel = h(
    'button',
    { type: 'button', class: 'button danger', 'data-testid': 'cancel-button', hidden: i.state !== 'ACTIVE' },
    'Cancel instance',
  );
  cancel.addEventListener('click', onCancel);
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
}
