/**
 * Modal dialogs on the native <dialog> element: focus is trapped, Escape cancels. `openDialog` resolves
 * with the value the confirm handler returns, or undefined when cancelled. A confirm handler that throws
 * keeps the dialog open and shows the error's message inside it.
 */
import { h } from './dom';

export interface DialogOptions<T> {
  title: string;
  body: Node | Node[];
  confirmLabel?: string;
  cancelLabel?: string;
  /** only the confirm button (information dialogs) */
  hideCancel?: boolean;
  /** element to focus first */
  focus?: HTMLElement;
  /** returns the dialog's result; throw to show a message and stay open */
  onConfirm: () => T | Promise<T>;
  testId?: string;
}

export function openDialog<T>(options: DialogOptions<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const error = h('p', { class: 'dialog-error', role: 'alert', 'data-testid': 'dialog-error', hidden: true });
    const confirm = h(
      'button',
      { type: 'submit', class: 'button primary', 'data-testid': 'dialog-confirm' },
      options.confirmLabel ?? 'OK',
    );
    const cancel = h(
      'button',
      { type: 'button', class: 'button', 'data-testid': 'dialog-cancel' },
      options.cancelLabel ?? 'Cancel',
    );
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { class: 'dialog-title' }, options.title),
      h('div', { class: 'dialog-body' }, ...(Array.isArray(options.body) ? options.body : [options.body])),
      error,
      h('div', { class: 'dialog-actions' }, options.hideCancel ? null : cancel, confirm),
    );
    const dialog = h('dialog', { class: 'dialog', 'data-testid': options.testId ?? 'dialog' }, form);
    let settled = false;
    const close = (value: T | undefined) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => close(undefined));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(undefined);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      error.hidden = true;
      try {
        close(await options.onConfirm());
      } catch (err) {
        error.textContent = err instanceof Error ? err.message : String(err);
        error.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (options.focus ?? confirm).focus();
  });
}

/** A dialog that only informs; resolves when closed. */
export async function showInfo(title: string, body: Node | Node[]): Promise<void> {
  await openDialog({ title, body, confirmLabel: 'Close', hideCancel: true, onConfirm: () => true });
}
