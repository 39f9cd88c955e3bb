/**
 * The controls above the task list: the view tabs (links, the current one marked for screen readers) and
 * the labelled filters (process, exact task name with the names in sight offered, due before, sort). A
 * change calls `onApply` with the filters the controls now say.
 */
import { h, replaceChildren } from '../ui/dom';
import { TASK_SORTS, TASK_VIEWS, type TaskFilters, taskHash } from './task-query';

export function taskFilterControls(onApply: (chosen: Pick<TaskFilters, 'process' | 'name' | 'due' | 'sort'>) => void) {
  const tabs = h('nav', { class: 'task-views', 'aria-label': 'Task views' });
  const field = (id: string, label: string, control: HTMLElement) =>
    h('div', { class: 'field' }, h('label', { for: id, class: 'field-label' }, label), control);
  const process = h('select', {
    id: 'task-filter-process',
    class: 'input small',
    'data-testid': 'task-filter-process',
  });
  const name = h('input', {
    id: 'task-filter-name',
    class: 'input small',
    type: 'search',
    placeholder: 'Exact task name',
    list: 'task-names',
    'data-testid': 'task-filter-name',
  });
  const names = h('datalist', { id: 'task-names' });
  const due = h('input', {
    id: 'task-filter-due',
    class: 'input small',
    type: 'date',
    'data-testid': 'task-filter-due',
  });
  const sort = h(
    'select',
    { id: 'task-sort', class: 'input small', 'data-testid': 'task-sort' },
    TASK_SORTS.map((s) => h('option', { value: s.id }, s.label)),
  );
  const form = h(
    'form',
    { class: 'task-filters', role: 'search', 'aria-label': 'Filter tasks' },
    field('task-filter-process', 'Process', process),
    field('task-filter-name', 'Task name', name),
    names,
    field('task-filter-due', 'Due before', due),
    field('task-sort', 'Sort', sort),
  );
  type Chosen = Pick<TaskFilters, 'process' | 'name' | 'due' | 'sort'>;
  const keyOf = (c: Chosen) => JSON.stringify([c.process, c.name, c.due, c.sort]);
  // Enter in a text field fires both `change` and `submit`: applying twice showed the route twice, and the
  // second showing reset the field while the next filter was being typed
  let applied = '';
  const apply = () => {
    const chosen: Chosen = {
      process: process.value || undefined,
      name: name.value.trim() || undefined,
      due: due.value || undefined,
      sort: sort.value,
    };
    if (keyOf(chosen) === applied) return;
    applied = keyOf(chosen);
    onApply(chosen);
  };
  for (const control of [process, name, due, sort]) control.addEventListener('change', apply);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });

  return {
    tabs,
    form,
    show(filters: TaskFilters) {
      applied = keyOf(filters);
      name.value = filters.name ?? '';
      due.value = filters.due ?? '';
      sort.value = filters.sort;
      replaceChildren(
        tabs,
        TASK_VIEWS.map((v) =>
          h(
            'a',
            {
              href: taskHash({ ...filters, view: v.id, task: undefined }),
              class: `task-view-tab${filters.view === v.id ? ' active' : ''}`,
              'aria-current': filters.view === v.id ? 'page' : undefined,
              'data-testid': `task-view-${v.id}`,
            },
            v.label,
          ),
        ),
      );
    },
    offerProcesses(ids: string[], chosen: string | undefined) {
      const offered = chosen && !ids.includes(chosen) ? [...ids, chosen] : ids;
      replaceChildren(
        process,
        h('option', { value: '' }, 'All processes'),
        offered.map((id) => h('option', { value: id }, id)),
      );
      process.value = chosen ?? '';
    },
    offerNames(taskNames: string[]) {
      replaceChildren(
        names,
        [...new Set(taskNames.filter(Boolean))].sort().map((n) => h('option', { value: n })),
      );
    },
  };
}
