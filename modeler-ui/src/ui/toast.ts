/** Short notifications in the corner (saved, deployed, failed); errors stay until dismissed. */
import { h } from './dom';

type Kind = 'success' | 'error' | 'info';

function container(): HTMLElement {
  let element = document.getElementById('toasts');
  if (!element) {
    element = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' });
    document.body.appendChild(element);
  }
  return element;
}

export function toast(message: string, kind: Kind = 'info', detail?: string): void {
  const close = h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss' }, '×');
  const element = h(
    'div',
    { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `toast-${kind}` },
    h(
      'div',
      { class: 'toast-text' },
      h('strong', {}, message),
      detail ? h('div', { class: 'toast-detail' }, detail) : null,
    ),
    close,
  );
  close.addEventListener('click', () => element.remove());
  container().appendChild(element);
  if (kind !== 'error') setTimeout(() => element.remove(), 4000);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
