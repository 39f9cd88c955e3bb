/**
 * A .dmn file in dmn-js: the decision requirements diagram (DRD) and, one tab per decision, its decision
 * table or literal expression (boxed expression) editor, with dmn-js' own styles and bpmn.io watermark.
 * dmn-js rewrites the whole file on save (no minimal diff, unlike the process modeler).
 */
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import '../styles/documents.css';

import DmnModeler, { type DmnView } from 'dmn-js/lib/Modeler';
import { h, replaceChildren } from '../ui/dom';
import { DocumentEditor, type DocumentEditorOptions, type DocumentSurface } from './document-editor';

const VIEW_WORDS: Record<DmnView['type'], string> = {
  drd: 'Diagram',
  decisionTable: 'Table',
  literalExpression: 'Expression',
  boxedExpression: 'Expression',
};

function decisionSurface(canvas: HTMLElement, tabs: HTMLElement): DocumentSurface {
  const modeler = new DmnModeler({ container: canvas });
  const listeners: (() => void)[] = [];
  const watched = new WeakSet<object>();
  const changed = () => {
    for (const listener of listeners) listener();
  };

  /** every viewer's changes count (the DRD and each table have their own command stack) */
  const watchActiveViewer = () => {
    const viewer = modeler.getActiveViewer();
    if (!viewer || watched.has(viewer)) return;
    watched.add(viewer);
    (viewer.get('eventBus') as { on(e: string, fn: () => void): void }).on('elements.changed', changed);
  };

  const renderTabs = () => {
    const active = modeler.getActiveView();
    replaceChildren(
      tabs,
      modeler.getViews().map((view) => {
        const tab = h(
          'button',
          {
            type: 'button',
            class: `dmn-view-tab${active?.id === view.id && active.type === view.type ? ' active' : ''}`,
            'data-testid': 'dmn-view-tab',
            'data-view-id': view.id,
            'data-view-type': view.type,
            title: view.type === 'drd' ? 'The decision requirements diagram' : `Edit decision ${view.id}`,
          },
          view.type === 'drd' ? 'Diagram (DRD)' : `${view.name || view.id} · ${VIEW_WORDS[view.type]}`,
        );
        tab.addEventListener('click', () => void modeler.open(view));
        return tab;
      }),
    );
  };

  modeler.on('views.changed', () => {
    renderTabs();
    watchActiveViewer();
  });

  return {
    async load(xml) {
      await modeler.importXML(xml);
      renderTabs();
      watchActiveViewer();
    },
    async text() {
      return (await modeler.saveXML({ format: true })).xml;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    destroy() {
      modeler.destroy();
    },
  };
}

export function createDecisionEditor(options: Omit<DocumentEditorOptions, 'kind'>): DocumentEditor {
  const canvas = h('div', { class: 'dmn-canvas', 'data-testid': 'dmn-canvas' });
  const tabs = h('nav', { class: 'dmn-views', 'aria-label': 'Decision views', 'data-testid': 'dmn-views' });
  const area = h('div', { class: 'document-area' }, tabs, canvas);
  return new DocumentEditor({ ...options, kind: 'dmn' }, area, decisionSurface(canvas, tabs));
}
