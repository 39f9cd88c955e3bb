/**
 * Start a process with its start form (#/tasks/start?process=<id>): the processes whose newest version
 * links a form to its start event (`GET /v2/process-definitions/{key}/form`), and the chosen one's form
 * rendered with form-js; Start validates it and creates an instance with the form's values as variables.
 */
import { createProcessInstance, type ProcessDefinition, searchProcessDefinitions } from '../api/client';
import { withApiKey } from '../ui/api-key-prompt';
import { h, replaceChildren } from '../ui/dom';
import { errorMessage, toast } from '../ui/toast';
import { failure, loading, type View } from '../ui/view';
import { type RenderedForm, renderCamundaForm } from './camunda-form';
import { type CamundaForm, startForm } from './user-tasks-api';

interface Startable {
  definition: ProcessDefinition;
  form: CamundaForm;
}

/** the newest version of each process */
function newestVersions(definitions: ProcessDefinition[]): ProcessDefinition[] {
  const newest = new Map<string, ProcessDefinition>();
  for (const d of definitions) {
    const seen = newest.get(d.processDefinitionId);
    if (!seen || seen.version < d.version) newest.set(d.processDefinitionId, d);
  }
  return [...newest.values()].sort((a, b) => a.processDefinitionId.localeCompare(b.processDefinitionId));
}

export function createStartProcessView(host: HTMLElement): View {
  const choices = h('div', { class: 'start-choices' });
  const formHost = h('div', { class: 'start-form-host', 'data-testid': 'start-form-host' });
  let form: RenderedForm | undefined;
  let destroyed = false;

  replaceChildren(
    host,
    h(
      'div',
      { class: 'page tasks-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', {}, 'Start a process'),
        h('span', { class: 'toolbar-spacer' }),
        h('a', { href: '#/tasks', class: 'button small' }, '← Tasks'),
      ),
      h('div', { class: 'tasks-layout' }, choices, formHost),
    ),
  );

  const startables = async (): Promise<Startable[]> => {
    const found = await Promise.all(
      newestVersions(await searchProcessDefinitions()).map(async (definition) => {
        // Camunda says which definitions have a start form; only those are asked for it
        if (definition.hasStartForm === false) return undefined;
        const linked = await startForm(definition.processDefinitionKey);
        return linked ? { definition, form: linked } : undefined;
      }),
    );
    return found.filter((s): s is Startable => s !== undefined);
  };

  const renderForm = async (chosen: Startable) => {
    form?.destroy();
    const label = chosen.definition.name || chosen.definition.processDefinitionId;
    const headingId = 'start-form-title';
    form = await renderCamundaForm(chosen.form.schema, {}, 'start-form');
    if (destroyed) return form.destroy();
    const start = h('button', { type: 'button', class: 'button primary', 'data-testid': 'start-submit' }, 'Start');
    const result = h('p', { 'aria-live': 'polite', 'data-testid': 'start-result' });
    start.addEventListener('click', async () => {
      const values = form?.submit();
      if (!values) {
        toast('Some fields need attention', 'info');
        return;
      }
      start.disabled = true;
      try {
        const created = await withApiKey(() => createProcessInstance(chosen.definition.processDefinitionId, values));
        if (created) {
          toast(`Started ${label}`, 'success');
          replaceChildren(
            result,
            'Started instance ',
            h(
              'a',
              { href: `#/instances/${created.processInstanceKey}`, 'data-testid': 'started-instance-link' },
              created.processInstanceKey,
            ),
            '.',
          );
        }
      } catch (err) {
        toast('Start failed', 'error', errorMessage(err));
      } finally {
        start.disabled = false;
      }
    });
    replaceChildren(
      formHost,
      h(
        'section',
        { class: 'task-detail', 'aria-labelledby': headingId },
        h('h2', { id: headingId, class: 'task-title', tabindex: -1 }, label),
        form.element,
        h('div', { class: 'task-actions' }, start),
        result,
      ),
    );
    formHost.querySelector<HTMLElement>('.task-title')?.focus();
  };

  return {
    async show(params) {
      replaceChildren(choices, loading('the processes'));
      try {
        const list = await startables();
        if (destroyed) return;
        replaceChildren(
          choices,
          list.length === 0
            ? h('p', { class: 'placeholder' }, 'No deployed process has a start form.')
            : h(
                'ul',
                { class: 'task-list', 'aria-label': 'Processes with a start form' },
                list.map((s) =>
                  h(
                    'li',
                    {},
                    h(
                      'a',
                      {
                        href: `#/tasks/start?process=${encodeURIComponent(s.definition.processDefinitionId)}`,
                        class: `task-item${params.process === s.definition.processDefinitionId ? ' selected' : ''}`,
                        'aria-current': params.process === s.definition.processDefinitionId ? 'true' : undefined,
                        'data-testid': `start-choice-${s.definition.processDefinitionId}`,
                      },
                      h('span', { class: 'task-item-name' }, s.definition.name || s.definition.processDefinitionId),
                      h('span', { class: 'task-item-process muted' }, `Version ${s.definition.version}`),
                    ),
                  ),
                ),
              ),
        );
        const chosen = list.find((s) => s.definition.processDefinitionId === params.process);
        if (chosen) await renderForm(chosen);
        else replaceChildren(formHost, h('p', { class: 'placeholder muted' }, 'Pick a process to start.'));
      } catch (err) {
        if (!destroyed) replaceChildren(choices, failure('the processes', err));
      }
    },
    destroy() {
      destroyed = true;
      form?.destroy();
    },
  };
}
