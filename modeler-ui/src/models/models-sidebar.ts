/**
 * The Models page's frame: the sidebar with the "new" buttons and the list of models (each marked with its
 * kind and whether it is a draft), beside the workspace where models-view.ts opens an editor.
 */
import type { ModelSummary } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime } from '../ui/format';
import { KIND_WORDS, modelLabel } from './model-kind';

export function renderModelsPage(
  host: HTMLElement,
  navigate: (hash: string) => void,
): { list: HTMLUListElement; main: HTMLElement } {
  const list = h('ul', { class: 'model-list', 'data-testid': 'model-list' });
  const newButton = h(
    'button',
    { type: 'button', class: 'button primary block', 'data-testid': 'new-diagram-button' },
    '+ New diagram',
  );
  newButton.addEventListener('click', () => navigate('#/new'));
  const newDocumentButton = (kind: 'dmn' | 'form', label: string) => {
    const button = h('button', { type: 'button', class: 'button block', 'data-testid': `new-${kind}-button` }, label);
    button.addEventListener('click', () => navigate(`#/new?kind=${kind}`));
    return button;
  };
  const sidebar = h(
    'nav',
    { class: 'sidebar', 'aria-label': 'Models' },
    h('h2', { class: 'sidebar-title' }, 'Models'),
    newButton,
    newDocumentButton('dmn', '+ New decision'),
    newDocumentButton('form', '+ New form'),
    list,
  );
  const main = h('div', { class: 'workspace' });
  replaceChildren(host, h('div', { class: 'split' }, sidebar, main));
  return { list, main };
}

/** The list of models; `current` (a model's label) is marked as the open one. */
export function renderModelList(list: HTMLElement, models: ModelSummary[], current: string | undefined): void {
  replaceChildren(
    list,
    models.length === 0
      ? h('li', { class: 'muted' }, 'No models in bpmn/ yet')
      : models.map((m) => {
          const kind = m.kind ?? 'bpmn';
          const label = modelLabel({ name: m.name, kind });
          return h(
            'li',
            {},
            h(
              'a',
              {
                href: `#/models/${encodeURIComponent(label)}`,
                class: label === current ? 'active' : undefined,
                'data-testid': `model-link-${label}`,
                'data-kind': kind,
                title: m.modifiedAt ? `Changed ${formatDateTime(m.modifiedAt)}` : m.fileName,
              },
              h('span', { class: 'model-name' }, m.name),
              h('span', { class: 'model-file' }, m.fileName),
              kind === 'bpmn' ? null : h('span', { class: `model-kind model-kind-${kind}` }, KIND_WORDS[kind]),
              m.draft
                ? h('span', { class: 'model-draft', title: 'Saved with problems: fix them to deploy' }, 'draft')
                : null,
            ),
          );
        }),
  );
}

/** What the workspace shows when no model is open. */
export function noModelOpen(main: HTMLElement): void {
  replaceChildren(
    main,
    h(
      'div',
      { class: 'placeholder' },
      h('strong', {}, 'Open a model'),
      h('p', {}, 'Pick one on the left, or start a new diagram, decision or form.'),
    ),
  );
}
