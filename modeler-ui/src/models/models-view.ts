/**
 * Models: the list of models in bpmn/ beside the editor of the open one (#/models/{name}), or a new,
 * unsaved diagram (#/new). Leaving a model with unsaved changes asks first.
 */
import { getModel, listModels, type ModelSummary } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { formatDateTime } from '../ui/format';
import { failure, loading, type View } from '../ui/view';
import { ModelEditor } from './model-editor';
import { newDiagramXml } from './new-diagram';

export function createModelsView(host: HTMLElement, navigate: (hash: string) => void): View {
  const list = h('ul', { class: 'model-list', 'data-testid': 'model-list' });
  const newButton = h(
    'button',
    { type: 'button', class: 'button primary block', 'data-testid': 'new-diagram-button' },
    '+ New diagram',
  );
  newButton.addEventListener('click', () => navigate('#/new'));
  const sidebar = h(
    'nav',
    { class: 'sidebar', 'aria-label': 'Models' },
    h('h2', { class: 'sidebar-title' }, 'Models'),
    newButton,
    list,
  );
  const main = h('div', { class: 'workspace' });
  replaceChildren(host, h('div', { class: 'split' }, sidebar, main));

  let editor: ModelEditor | undefined;
  let models: ModelSummary[] = [];
  let current: string | undefined;

  const renderList = () => {
    replaceChildren(
      list,
      models.length === 0
        ? h('li', { class: 'muted' }, 'No models in bpmn/ yet')
        : models.map((m) =>
            h(
              'li',
              {},
              h(
                'a',
                {
                  href: `#/models/${encodeURIComponent(m.name)}`,
                  class: m.name === current ? 'active' : undefined,
                  'data-testid': `model-link-${m.name}`,
                  title: m.modifiedAt ? `Changed ${formatDateTime(m.modifiedAt)}` : m.fileName,
                },
                h('span', { class: 'model-name' }, m.name),
                h('span', { class: 'model-file' }, m.fileName),
                m.draft
                  ? h('span', { class: 'model-draft', title: 'Saved with problems: fix them to deploy' }, 'draft')
                  : null,
              ),
            ),
          ),
    );
  };

  const loadList = async () => {
    replaceChildren(list, h('li', { class: 'muted' }, 'Loading…'));
    try {
      models = await listModels();
      renderList();
    } catch (err) {
      replaceChildren(
        list,
        h(
          'li',
          {},
          failure('the models', err, () => void loadList()),
        ),
      );
    }
  };

  const closeEditor = () => {
    editor?.destroy();
    editor = undefined;
  };

  const openEditor = async (name: string | undefined) => {
    closeEditor();
    current = name;
    renderList();
    replaceChildren(main, loading(name ? `model ${name}` : 'a new diagram'));
    try {
      const model = name ? await getModel(name) : { xml: newDiagramXml(), etag: undefined };
      if (current !== name) return; // another model was opened meanwhile
      const opened = new ModelEditor({
        name,
        etag: model.etag,
        onCreated: (created) => {
          current = created;
          void loadList();
          navigate(`#/models/${encodeURIComponent(created)}`);
        },
        onInstanceStarted: (key) => navigate(`#/instances/${key}`),
        onShowInstances: (processId) => navigate(`#/instances?process=${encodeURIComponent(processId)}`),
      });
      editor = opened;
      replaceChildren(main, opened.element);
      await opened.open(model.xml);
    } catch (err) {
      closeEditor();
      replaceChildren(
        main,
        failure(name ? `model ${name}` : 'the new diagram', err, () => void openEditor(name)),
      );
    }
  };

  void loadList();

  return {
    async show(params) {
      const name = params.name;
      if (params.new === 'true') {
        await openEditor(undefined);
      } else if (name && (editor?.name !== name || current !== name)) {
        await openEditor(name);
      } else if (!name) {
        closeEditor();
        current = undefined;
        renderList();
        replaceChildren(
          main,
          h(
            'div',
            { class: 'placeholder' },
            h('strong', {}, 'Open a model'),
            h('p', {}, 'Pick one on the left, or start a new diagram.'),
          ),
        );
      }
    },
    canLeave: () => !editor?.dirty,
    destroy: closeEditor,
    reload: () => void loadList(),
  };
}
