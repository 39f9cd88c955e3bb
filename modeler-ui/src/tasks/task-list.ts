/**
 * The list half of the task list: one link per open task (name, process, due date, priority, who holds
 * it), the open one marked for screen readers with aria-current. Links, so Tab and Enter work and a task
 * can be opened in a new tab.
 */
import { h } from '../ui/dom';
import { formatDateTime } from '../ui/format';
import { dueLabel, priorityLabel } from './task-query';
import type { UserTask } from './user-tasks-api';

export function taskList(
  tasks: UserTask[],
  selected: string | undefined,
  hrefOf: (key: string) => string,
): HTMLElement {
  if (tasks.length === 0) {
    return h('p', { class: 'placeholder', 'data-testid': 'tasks-empty' }, 'No open tasks here.');
  }
  return h(
    'ul',
    { class: 'task-list', 'aria-label': 'Tasks', 'data-testid': 'task-list' },
    tasks.map((task) => {
      const due = dueLabel(task.dueDate);
      const priority = priorityLabel(task.priority);
      const current = task.userTaskKey === selected;
      return h(
        'li',
        {},
        h(
          'a',
          {
            href: hrefOf(task.userTaskKey),
            class: `task-item${current ? ' selected' : ''}`,
            'aria-current': current ? 'true' : undefined,
            'data-testid': `task-item-${task.userTaskKey}`,
          },
          h('span', { class: 'task-item-name' }, task.name || task.elementId),
          h('span', { class: 'task-item-process muted' }, task.processDefinitionId),
          h(
            'span',
            { class: 'task-item-meta' },
            h('span', { class: 'muted' }, `Created ${formatDateTime(task.creationDate)}`),
            due ? h('span', { class: `chip${due.overdue ? ' overdue' : ''}` }, due.text) : null,
            priority ? h('span', { class: `chip priority-${priority.toLowerCase()}` }, priority) : null,
            h(
              'span',
              { class: 'chip', 'data-testid': 'task-item-assignee' },
              task.assignee ? `Assigned to ${task.assignee}` : 'Unassigned',
            ),
          ),
        ),
      );
    }),
  );
}

/** In place of a personal view while the browser does not know the name or groups it needs. */
export function missingUser(missing: string, askUser: () => void): HTMLElement {
  return h(
    'div',
    { class: 'placeholder' },
    h('p', {}, missing),
    h(
      'button',
      { type: 'button', class: 'button', 'data-testid': 'task-set-user', onclick: askUser },
      'Set name and groups',
    ),
  );
}
