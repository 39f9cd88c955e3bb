/** What the router mounts: a view renders into its host, follows route changes, and cleans up. */
import { h } from './dom';

export interface View {
  /** called for every route of this view, the first time right after mounting */
  show(params: Record<string, string>): void | Promise<void>;
  /** false when leaving would lose something (unsaved changes) */
  canLeave?(): boolean;
  /** stop timers, destroy diagrams */
  destroy(): void;
  /** the server is back after being down: reload what is shown */
  reload?(): void;
}

/** The loading and error placeholders every view uses. */
export function loading(what: string): HTMLElement {
  return h(
    'div',
    { class: 'placeholder loading', 'data-testid': 'loading' },
    h('span', { class: 'spinner' }),
    `Loading ${what}…`,
  );
}

export function failure(what: string, err: unknown, retry?: () => void): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h(
    'div',
    { class: 'placeholder error', role: 'alert', 'data-testid': 'load-error' },
    h('strong', {}, `Could not load ${what}`),
    h('p', {}, message),
    retry ? h('button', { type: 'button', class: 'button', onclick: () => retry() }, 'Try again') : null,
  );
}
