/**
 * A .form file in the @bpmn-io/form-js editor (palette, canvas, properties panel, with form-js' styles and
 * bpmn.io watermark), and a Preview that fills the form in the form-js viewer as a user task would show it.
 */
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import '../styles/documents.css';

import { Form, FormEditor } from '@bpmn-io/form-js';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { DocumentEditor, type DocumentEditorOptions, type DocumentSurface } from './document-editor';

/** The form as it is now, in the form-js viewer, in a dialog. */
async function showPreview(schema: unknown): Promise<void> {
  const container = h('div', { class: 'form-preview', 'data-testid': 'form-preview' });
  const viewer = new Form({ container });
  const shown = openDialog({
    title: 'Preview',
    body: [h('p', { class: 'muted' }, 'The form as a user task shows it (nothing is submitted).'), container],
    hideCancel: true,
    confirmLabel: 'Close',
    testId: 'form-preview-dialog',
    onConfirm: () => true,
  });
  await viewer.importSchema(schema as Parameters<Form['importSchema']>[0]);
  await shown;
  viewer.destroy();
}

function formSurface(canvas: HTMLElement): DocumentSurface {
  const editor = new FormEditor({ container: canvas });
  const listeners: (() => void)[] = [];
  let loading = false;
  editor.on('changed', () => {
    if (loading) return;
    for (const listener of listeners) listener();
  });
  const text = () => `${JSON.stringify(editor.saveSchema(), null, 2)}\n`;

  return {
    async load(json) {
      loading = true;
      try {
        await editor.importSchema(JSON.parse(json));
      } finally {
        loading = false;
      }
    },
    async text() {
      return text();
    },
    onChange(listener) {
      listeners.push(listener);
    },
    extraButtons() {
      const preview = h(
        'button',
        { type: 'button', class: 'button', 'data-testid': 'preview-button', title: 'Fill the form as a user would' },
        'Preview',
      );
      preview.addEventListener('click', () => void showPreview(editor.saveSchema()));
      return [preview];
    },
    destroy() {
      editor.destroy();
    },
  };
}

export function createFormEditor(options: Omit<DocumentEditorOptions, 'kind'>): DocumentEditor {
  const canvas = h('div', { class: 'form-canvas', 'data-testid': 'form-canvas' });
  const area = h('div', { class: 'document-area' }, canvas);
  return new DocumentEditor({ ...options, kind: 'form' }, area, formSurface(canvas));
}
