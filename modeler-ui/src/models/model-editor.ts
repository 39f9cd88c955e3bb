/**
 * One open model: toolbar (save, undo/redo, downloads, deploy, start), the bpmn-js modeler with the
 * Camunda 8 properties panel, and the problems panel. Tracks unsaved changes and the lint state; deploy is
 * disabled while lint errors remain. The save/deploy/start flows themselves live in model-actions.ts.
 */
import { h } from '../ui/dom';
import { fitDiagram } from '../ui/fit-diagram';
import { toast } from '../ui/toast';
import { createBpmnModeler, elementName, executableProcessId, type Modeler, selectElement } from './bpmn-modeler';
import { downloadText } from './download';
import { attachJobTypePicker } from './job-type-picker';
import { countIssues, issuesFromImportWarnings, issuesFromLintEvent, type LintIssue, sortIssues } from './lint-issues';
import { createLintPanel } from './lint-panel';
import { minimalXmlPatch } from './minimal-xml-patch';
import { deployModelFlow, saveModelFlow, startInstanceFlow } from './model-actions';
import { OneActionAtATime } from './one-action-at-a-time';
import { showShortcuts } from './shortcuts';
import { showVersionHistory } from './version-history';

export interface ModelEditorOptions {
  /** undefined for a new diagram that has no file yet */
  name?: string;
  etag?: string;
  /** after the first save of a new diagram */
  onCreated(name: string): void;
  onInstanceStarted(processInstanceKey: string): void;
  onShowInstances(processId: string): void;
}

interface CommandStack {
  undo(): void;
  redo(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  _stackIdx: number;
}

export class ModelEditor {
  readonly element: HTMLElement;
  name: string | undefined;
  etag: string | undefined;
  private readonly modeler: Modeler;
  private readonly title = h('span', { class: 'editor-title', 'data-testid': 'editor-title' });
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly lintPanel = createLintPanel((id) => selectElement(this.modeler, id));
  private lintIssues: LintIssue[] = [];
  private importIssues: LintIssue[] = [];
  private savedStackIndex = -1;
  /** the file's text as opened or last saved: saving patches the changes into it (minimal diff) */
  private savedText: string | undefined;
  /** save, deploy and start an instance run one at a time (one-action-at-a-time.ts) */
  private readonly actions = new OneActionAtATime(() => this.refreshState());
  private readonly onKeyDown = (event: KeyboardEvent) => this.handleShortcut(event);
  private readonly detachJobTypePicker: () => void;

  constructor(private readonly options: ModelEditorOptions) {
    this.name = options.name;
    this.etag = options.etag;
    const canvas = h('div', { class: 'modeler-canvas', 'data-testid': 'modeler-canvas' });
    const properties = h('aside', {
      class: 'properties-panel',
      'aria-label': 'Properties',
      'data-testid': 'properties-panel',
    });
    this.element = h(
      'div',
      { class: 'editor' },
      this.toolbar(),
      h('div', { class: 'editor-main' }, canvas, properties),
      this.lintPanel.element,
    );
    this.modeler = createBpmnModeler(canvas, properties);
    this.detachJobTypePicker = attachJobTypePicker(properties, this.element);
    const eventBus = this.modeler.get('eventBus') as { on(event: string, fn: (e: never) => void): void };
    eventBus.on('commandStack.changed', () => this.refreshState());
    eventBus.on('linting.completed', (event: { issues: Record<string, never[]> }) => {
      this.lintIssues = issuesFromLintEvent(event.issues);
      this.refreshLint();
    });
    document.addEventListener('keydown', this.onKeyDown);
  }

  async open(xml: string): Promise<void> {
    const { warnings } = await this.modeler.importXML(xml);
    this.savedText = xml;
    this.importIssues = issuesFromImportWarnings(
      warnings as unknown as { message: string; element?: { id?: string } }[],
    );
    // room for the palette on the left and the lint toggle at the bottom
    fitDiagram(this.modeler.get('canvas') as Parameters<typeof fitDiagram>[0], {
      left: 130,
      top: 30,
      right: 30,
      bottom: 60,
    });
    this.markSaved();
    this.refreshLint();
  }

  destroy(): void {
    document.removeEventListener('keydown', this.onKeyDown);
    this.detachJobTypePicker();
    this.modeler.destroy();
  }

  get dirty(): boolean {
    return this.commandStack()._stackIdx !== this.savedStackIndex;
  }

  get issues(): LintIssue[] {
    return sortIssues([...this.importIssues, ...this.lintIssues]);
  }

  get processId(): string | undefined {
    return executableProcessId(this.modeler);
  }

  /** The diagram as XML: the changes written into the file's own text, so unchanged parts stay as they were. */
  async xml(): Promise<string> {
    const written = (await this.modeler.saveXML({ format: true })).xml ?? '';
    return this.savedText === undefined ? written : minimalXmlPatch(this.savedText, written);
  }

  markSaved(savedXml?: string): void {
    if (savedXml !== undefined) this.savedText = savedXml;
    this.savedStackIndex = this.commandStack()._stackIdx;
    this.refreshState();
  }

  /** Shows problems the server reported (it lints the same way; this covers a drift between the two). */
  showServerProblems(problems: LintIssue[]): void {
    this.importIssues = [];
    this.lintIssues = sortIssues(problems);
    this.refreshLint();
  }

  private commandStack(): CommandStack {
    return this.modeler.get('commandStack') as CommandStack;
  }

  private toolbar(): HTMLElement {
    const button = (id: string, label: string, title: string, onClick: () => void, extra = '') => {
      const b = h('button', { type: 'button', class: `button ${extra}`, title, 'data-testid': `${id}-button` }, label);
      b.addEventListener('click', onClick);
      this.buttons[id] = b;
      return b;
    };
    return h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Model' },
      this.title,
      h('span', { class: 'toolbar-spacer' }),
      h(
        'div',
        { class: 'button-group' },
        button('undo', '↶ Undo', 'Undo (Ctrl+Z)', () => this.commandStack().undo()),
        button('redo', '↷ Redo', 'Redo (Ctrl+Y or Ctrl+Shift+Z)', () => this.commandStack().redo()),
      ),
      h(
        'div',
        { class: 'button-group' },
        button('download-bpmn', '⤓ BPMN', 'Download the diagram as a .bpmn file', () => void this.downloadBpmn()),
        button('download-svg', '⤓ SVG', 'Download the diagram as an SVG image', () => void this.downloadSvg()),
      ),
      button('shortcuts', '⌨', 'Keyboard shortcuts', () => void showShortcuts(), 'icon'),
      button(
        'save',
        'Save',
        'Save to bpmn/; with lint errors it is kept as a draft that cannot be deployed yet (Ctrl+S)',
        () => void this.actions.run(() => this.save()),
      ),
      button(
        'deploy',
        'Deploy',
        'Deploy to the engine',
        () => void this.actions.run(() => deployModelFlow(this)),
        'primary',
      ),
      button('history', 'History', 'Deployed versions of this process, and what changed between two', () => {
        if (this.processId)
          void showVersionHistory(this.processId).catch((err) => this.notify('No history', 'error', String(err)));
      }),
      button('instances', 'Instances', 'Instances of this process', () => {
        if (this.processId) this.options.onShowInstances(this.processId);
      }),
      button(
        'start',
        '▶ Start instance',
        'Start an instance of the deployed process',
        () =>
          void this.actions.run(() =>
            startInstanceFlow(this).then((key) => key && this.options.onInstanceStarted(key)),
          ),
      ),
    );
  }

  async save(): Promise<boolean> {
    const wasNew = this.name === undefined;
    const saved = await saveModelFlow(this);
    if (saved && wasNew && this.name) this.options.onCreated(this.name);
    return saved;
  }

  private async downloadBpmn(): Promise<void> {
    downloadText(`${this.name ?? this.processId ?? 'diagram'}.bpmn`, await this.xml(), 'application/xml');
  }

  private async downloadSvg(): Promise<void> {
    const { svg } = await this.modeler.saveSVG();
    downloadText(`${this.name ?? this.processId ?? 'diagram'}.svg`, svg, 'image/svg+xml');
  }

  private handleShortcut(event: KeyboardEvent): void {
    if (!this.element.isConnected) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void this.actions.run(() => this.save());
    }
  }

  private refreshLint(): void {
    this.lintPanel.update(this.issues, (id) => elementName(this.modeler, id));
    this.refreshState();
  }

  refreshState(): void {
    const stack = this.commandStack();
    const { errors } = countIssues(this.issues);
    const dirty = this.dirty;
    this.title.textContent = `${this.name ?? 'New diagram'}${dirty ? ' •' : ''}`;
    this.title.title = dirty ? 'Unsaved changes' : 'Saved';
    this.element.dataset.dirty = String(dirty);
    this.buttons.undo.disabled = !stack.canUndo();
    this.buttons.redo.disabled = !stack.canRedo();
    this.buttons.save.disabled = this.actions.busy;
    this.buttons.deploy.disabled = this.actions.busy || errors > 0;
    this.buttons.deploy.title =
      errors > 0
        ? `Fix the ${errors} lint error${errors === 1 ? '' : 's'} first`
        : 'Deploy to the engine (saves first)';
    this.buttons.start.disabled = this.actions.busy || !this.processId;
    this.buttons.instances.disabled = !this.processId;
    this.buttons.history.disabled = !this.processId;
  }

  notify(message: string, kind: 'success' | 'error' | 'info' = 'success', detail?: string): void {
    toast(message, kind, detail);
  }
}
