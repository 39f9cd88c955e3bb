/**
 * The instance view's header: back link, process name and version, key, outcome and state, live badge,
 * times, Move token and Migrate (Operate's operations), Cancel, and for a rejected or cancelled instance a
 * sentence saying how it ended.
 */
import type { ElementInstance, ProcessInstance } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime, formatDuration } from '../ui/format';
import { lastEndEvent, outcomeBadge, outcomeExplanation, outcomeOf } from './instance-outcome';
import { statePill } from './instance-panels';
import { POLL_MS } from './instance-polling';
import type { ProcessFacts } from './process-facts';

export function renderInstanceHeader(
  header: HTMLElement,
  i: ProcessInstance,
  elements: ElementInstance[],
  facts: ProcessFacts | undefined,
  onCancel: () => void,
  operations?: { onMove: () => void; onMigrate: () => void },
): void {
  const endId = lastEndEvent(elements);
  const end = elements.find((e) => e.elementId === endId);
  const endName = end ? end.elementName || end.elementId : undefined;
  const outcome = outcomeOf(i, endId, facts?.endOutcomes);
  const explanation = outcomeExplanation(outcome, endName);
  const cancel = h(
    'button',
    { type: 'button', class: 'button danger', 'data-testid': 'cancel-button', hidden: i.state !== 'ACTIVE' },
    'Cancel instance',
  );
  cancel.addEventListener('click', onCancel);
  const operation = (label: string, testId: string, run: (() => void) | undefined) => {
    const button = h(
      'button',
      { type: 'button', class: 'button', 'data-testid': testId, hidden: i.state !== 'ACTIVE' || !run },
      label,
    );
    if (run) button.addEventListener('click', run);
    return button;
  };
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
      outcomeBadge(outcome, endName),
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
      explanation
        ? h('span', { class: 'outcome-explanation', 'data-testid': 'outcome-explanation' }, ` · ${explanation}`)
        : null,
    ),
    h('span', { class: 'toolbar-spacer' }),
    operation('Move token', 'move-token-button', operations?.onMove),
    operation('Migrate', 'migrate-button', operations?.onMigrate),
    cancel,
  );
}
