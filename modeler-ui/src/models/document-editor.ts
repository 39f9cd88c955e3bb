/**
 * The frame a decision (dmn-js) or form (form-js) editor sits in: toolbar (Check, Save, Deploy, download and
 * the kind's own buttons), the editor's area, and the problems panel. A kind supplies only how to load and
 * write its text (DocumentSurface); saving, checking and deploying go through the app's models API
 * (document-actions.ts), so a decision or form is saved, kept as a draft and deployed as a process is.
 */
import { getStoredApiKey } from '../api/api-key';
import type { ModelSaved } from '../api/client';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { checkDocumentFlow, deployDocumentFlow, saveDocumentFlow } from './document-actions';
import { downloadText } from './download';
import { countIssues, type LintIssue, sortIssues } from './lint-issues';
import { createLintPanel } from './lint-panel';
import { KIND_WORDS, type ModelKind, modelLabel } from './model-kind';
import { OneActionAtATime } from './one-action-at-a-time';

/** What a kind's editor does inside the frame. */
export interface DocumentSurface {
  /** shows the text (the file as read, or a template) */
  load(text: string): Promise<void>;
  /** the edited document as the file's text */
  text(): Promise<string>;
  /** called on every change the person makes */
  onChange(listener: () => void): void;
  /** buttons of this kind (a form's Preview) */
  extraButtons?(): HTMLElement[];
  destroy(): void;
}

export interface DocumentEditorOptions {
  kind: Exclude<ModelKind, 'bpmn'>;
  /** undefined for a new, unsaved document */
  name?: string;
  etag?: string;
  /** after the first save of a new document, with its name */
  onCreated(name: string): void;
}

export class DocumentEditor {
  readonly element: HTMLElement;
  readonly kind: Exclude<ModelKind, 'bpmn'>;
  name: string | undefined;
  etag: string | undefined;
  private changed = false;
  /** the document as last opened or saved, as the editor writes it: a change is a difference from it */
  private savedText: string | undefined;
  /** check, save and deploy run one at a time (one-action-at-a-time.ts) */
  private readonly actions = new OneActionAtATime(() => this.refreshState());
  private issues: LintIssue[] = [];
  private readonly title = h('span', { class: 'editor-title', 'data-testid': 'editor-title' });
  private readonly buttons: Record<string, HTMLButtonElement> = {};
  private readonly lintPanel = createLintPanel(() => {});
  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (!this.element.isConnected) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void this.actions.run(() => this.save());
    }
  };

  constructor(
    private readonly options: DocumentEditorOptions,
    readonly area: HTMLElement,
    private readonly surface: DocumentSurface,
  ) {
    this.kind = options.kind;
    this.name = options.name;
    this.etag = options.etag;
    this.element = h(
      'div',
      { class: `editor document-editor ${this.kind}-editor`, 'data-testid': `${this.kind}-editor` },
      this.toolbar(),
      area,
      this.lintPanel.element,
    );
    // editors also report changes that change nothing (a selection, a field losing focus): compare the text
    surface.onChange(() => void this.compareWithSaved());
    document.addEventListener('keydown', this.onKeyDown);
  }

  /** The model's label in the API and in messages: `rates.dmn`, `approval.form`. */
  get label(): string | undefined {
    return this.name === undefined ? undefined : modelLabel({ name: this.name, kind: this.kind });
  }

  get dirty(): boolean {
    return this.changed;
  }

  get errors(): number {
    return countIssues(this.issues).errors;
  }

  async open(text: string): Promise<void> {
    await this.surface.load(text);
    this.savedText = await this.surface.text();
    this.changed = false;
    this.showProblems([]);
    this.lintPanel.update([], () => undefined);
    // a check needs the API key (it is a POST): on opening, only when the browser has one, never asking
    if (this.name !== undefined && getStoredApiKey()) await this.check(false);
  }

  text(): Promise<string> {
    return this.surface.text();
  }

  /** After a save of `text`. */
  markSaved(saved: ModelSaved, text: string): void {
    this.etag = saved.etag;
    this.savedText = text;
    void this.compareWithSaved();
  }

  /** Whether the document differs from what was last opened or saved, now (not as of the last change event). */
  async compareWithSaved(): Promise<boolean> {
    const text = await this.surface.text();
    this.changed = text !== this.savedText;
    this.refreshState();
    return this.changed;
  }

  showProblems(issues: LintIssue[]): void {
    this.issues = sortIssues(issues);
    this.lintPanel.update(this.issues, () => undefined);
    this.refreshState();
  }

  notify(message: string, kind: 'success' | 'error' | 'info' = 'success', detail?: string): void {
    toast(message, kind, detail);
  }

  destroy(): void {
    document.removeEventListener('keydown', this.onKeyDown);
    this.surface.destroy();
  }

  async save(): Promise<boolean> {
    const wasNew = this.name === undefined;
    const saved = await saveDocumentFlow(this);
    if (saved && wasNew && this.name) this.options.onCreated(this.name);
    return saved;
  }

  private check(announce = true): Promise<boolean> {
    return checkDocumentFlow(this, announce);
  }

  private toolbar(): HTMLElement {
    const button = (id: string, label: string, title: string, onClick: () => void, extra = '') => {
      const b = h('button', { type: 'button', class: `button ${extra}`, title, 'data-testid': `${id}-button` }, label);
      b.addEventListener('click', onClick);
      this.buttons[id] = b;
      return b;
    };
    const word = KIND_WORDS[this.kind];
    return h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': word },
      this.title,
      h('span', { class: 'toolbar-spacer' }),
      ...(this.surface.extraButtons?.() ?? []),
      button('download', `⤓ .${this.kind}`, `Download the ${word} as a .${this.kind} file`, () => void this.download()),
      button(
        'check',
        'Check',
        `Check the ${word} as the engine's deploy would, without saving`,
        () => void this.actions.run(() => this.check()),
      ),
      button(
        'save',
        'Save',
        `Save to bpmn/; with problems it is kept as a draft that cannot be deployed yet (Ctrl+S)`,
        () => void this.actions.run(() => this.save()),
      ),
      button(
        'deploy',
        'Deploy',
        'Deploy to the engine',
        () => void this.actions.run(() => deployDocumentFlow(this)),
        'primary',
      ),
    );
  }

  private async download(): Promise<void> {
    const type = this.kind === 'form' ? 'application/json' : 'application/xml';
    downloadText(`${this.name ?? `new-${KIND_WORDS[this.kind]}`}.${this.kind}`, await this.text(), type);
  }

  private refreshState(): void {
    const word = KIND_WORDS[this.kind];
    this.title.textContent = `${this.label ?? `New ${word}`}${this.changed ? ' •' : ''}`;
    this.title.title = this.changed ? 'Unsaved changes' : 'Saved';
    this.element.dataset.dirty = String(this.changed);
    this.buttons.save.disabled = this.actions.busy;
    this.buttons.check.disabled = this.actions.busy;
    this.buttons.deploy.disabled = this.actions.busy || (this.errors > 0 && !this.changed);
    this.buttons.deploy.title =
      this.errors > 0 && !this.changed
        ? `Fix the ${this.errors} problem${this.errors === 1 ? '' : 's'} first`
        : 'Deploy to the engine (saves first)';
  }
}
