/**
 * The problems panel under the modeler: every lint error and warning with its element and rule; clicking
 * one selects the element on the diagram. The header says at a glance whether the model can be deployed.
 */
import { h, replaceChildren } from '../ui/dom';
import { countIssues, type LintIssue } from './lint-issues';

export interface LintPanel {
  element: HTMLElement;
  update(issues: LintIssue[], nameOf: (elementId: string) => string | undefined): void;
}

export function createLintPanel(onSelect: (elementId: string) => void): LintPanel {
  const summary = h('span', { class: 'lint-summary', 'data-testid': 'lint-summary' }, 'Linting…');
  const list = h('ul', { class: 'lint-list', 'data-testid': 'lint-list' });
  const toggle = h('button', { type: 'button', class: 'button small ghost', 'aria-expanded': 'true' }, 'Hide');
  const element = h(
    'section',
    { class: 'lint-panel', 'aria-label': 'Problems', 'data-testid': 'lint-panel' },
    h('header', { class: 'lint-header' }, h('strong', {}, 'Problems'), summary, toggle),
    list,
  );
  toggle.addEventListener('click', () => {
    const collapsed = element.classList.toggle('collapsed');
    toggle.textContent = collapsed ? 'Show' : 'Hide';
    toggle.setAttribute('aria-expanded', String(!collapsed));
  });

  return {
    element,
    update(issues, nameOf) {
      const { errors, warnings } = countIssues(issues);
      element.dataset.errors = String(errors);
      element.dataset.warnings = String(warnings);
      summary.className = `lint-summary ${errors ? 'has-errors' : warnings ? 'has-warnings' : 'clean'}`;
      summary.textContent =
        errors + warnings === 0
          ? 'No problems: Camunda 8.8 can run this model'
          : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` +
            (errors ? ' — fix the errors to deploy' : '');
      replaceChildren(
        list,
        issues.map((issue) => {
          const name = issue.elementId ? nameOf(issue.elementId) : undefined;
          const item = h(
            'li',
            {
              class: `lint-item ${issue.category}`,
              tabindex: issue.elementId ? 0 : undefined,
              'data-testid': 'lint-item',
            },
            h(
              'span',
              { class: `lint-badge ${issue.category}` },
              issue.category === 'warn' ? 'warning' : issue.category,
            ),
            h(
              'span',
              { class: 'lint-element' },
              name ? `${name} (${issue.elementId})` : (issue.elementId ?? 'diagram'),
            ),
            h('span', { class: 'lint-message' }, issue.message),
            h('span', { class: 'lint-rule' }, issue.rule),
          );
          if (issue.elementId) {
            const id = issue.elementId;
            item.addEventListener('click', () => onSelect(id));
            item.addEventListener('keydown', (event) => {
              if (event.key === 'Enter') onSelect(id);
            });
          }
          return item;
        }),
      );
    },
  };
}
