/**
 * Models: the list of models in bpmn/ — processes, decisions (.dmn) and forms (.form) — beside the editor of
 * the open one (#/models/{name}, #/models/{name}.dmn, #/models/{name}.form), or a new, unsaved one
 * (#/new, #/new?kind=dmn, #/new?kind=form). Leaving a model with unsaved changes asks first. The decision
 * and form editors (dmn-js, form-js) load when one is first opened.
 */
import { getModel, listModels, type ModelSummary } from '../api/client';
import { h, replaceChildren } from '../ui/dom';
import { failure, loading, type View } from '../ui/view';
import type { DocumentEditor } from './document-editor';
import { ModelEditor } from './model-editor';
import { isModelKind, KIND_WORDS, type ModelKind, modelLabel, parseModelLabel } from './model-kind';
import { noModelOpen, renderModelList, renderModelsPage } from './models-sidebar';
import { newDiagramXml } from './new-diagram';
import { newDecisionXml, newFormJson } from './new-document';

type OpenEditor = ModelEditor | DocumentEditor;

const NEW_TEXT: Record<ModelKind, () => string> = { bpmn: newDiagramXml, dmn: newDecisionXml, form: newFormJson };

/** The editor of a kind; dmn-js and form-js are loaded on first use. */
async function createEditor(
  kind: ModelKind,
  options: { name?: string; etag?: string; onCreated(name: string): void },
  bpmnOptions: Pick<ConstructorParameters<typeof ModelEditor>[0], 'onInstanceStarted' | 'onShowInstances'>,
): Promise<OpenEditor> {
  if (kind === 'dmn') return (await import('./decision-editor')).createDecisionEditor(options);
  if (kind === 'form') return (await import('./form-editor')).createFormEditor(options);
  return new ModelEditor({ ...options, ...bpmnOptions });
}

export function createModelsView(host: HTMLElement, navigate: (hash: string) => void): View {
  const { list, main } = renderModelsPage(host, navigate);

  let editor: OpenEditor | undefined;
  let models: ModelSummary[] = [];
  /** the open model's label (order-fulfilment, rates.dmn); undefined for a new one */
  let current: string | undefined;

  const renderList = () => renderModelList(list, models, current);

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

  /** Opens the model with this label, or a new one of `newKind` when the label is undefined. */
  const openEditor = async (label: string | undefined, newKind: ModelKind = 'bpmn') => {
    closeEditor();
    current = label;
    renderList();
    const { name, kind } = label ? parseModelLabel(label) : { name: undefined, kind: newKind };
    const what = label ? `model ${label}` : `a new ${KIND_WORDS[kind]}`;
    replaceChildren(main, loading(what));
    try {
      const model = label ? await getModel(label) : { xml: NEW_TEXT[kind](), etag: undefined };
      if (current !== label) return; // another model was opened meanwhile
      const opened = await createEditor(
        kind,
        {
          name,
          etag: model.etag,
          onCreated: (created) => {
            current = modelLabel({ name: created, kind });
            void loadList();
            navigate(`#/models/${encodeURIComponent(current)}`);
          },
        },
        {
          onInstanceStarted: (key) => navigate(`#/instances/${key}`),
          onShowInstances: (processId) => navigate(`#/instances?process=${encodeURIComponent(processId)}`),
        },
      );
      if (current !== label) {
        opened.destroy();
        return;
      }
      editor = opened;
      replaceChildren(main, opened.element);
      await opened.open(model.xml);
    } catch (err) {
      closeEditor();
      replaceChildren(
        main,
        failure(what, err, () => void openEditor(label, newKind)),
      );
    }
  };

  void loadList();

  return {
    async show(params) {
      const name = params.name;
      if (params.new === 'true') {
        await openEditor(undefined, isModelKind(params.kind) ? params.kind : 'bpmn');
      } else if (name && (editor === undefined || current !== name)) {
        await openEditor(name);
      } else if (!name) {
        closeEditor();
        current = undefined;
        renderList();
        noModelOpen(main);
      }
    },
    canLeave: () => !editor?.dirty,
    destroy: closeEditor,
    reload: () => void loadList(),
  };
}
