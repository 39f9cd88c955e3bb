/**
 * The problems panel under the modeler: every lint error and warning in plain words, with a link to its
 * element (clicking the problem or the link selects the element on the diagram and scrolls to it) and the
 * rule's own message as the technical detail. The header says at a glance whether the model can be deployed.
 */
import { h, replaceChildren } from '../ui/dom';
import { countIssues, type LintIssue } from './lint-issues';
import { plainWords } from './plain-lint-words';

function elementLink(issue: LintIssue, name: string | undefined, onSelect: (id: string) => void): HTMLElement {
  if (!issue.elementId) return h('span', { class: 'lint-element' }, 'the diagram');
  const id = issue.elementId;
  const link = h(
    'a',
    { class: 'lint-element', href: `#element-${id}`, 'data-testid': 'lint-element-link', title: 'Show on the diagram' },
    name ? `${name} (${id})` : id,
  );
  link.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    onSelect(id);
  });
  return link;
}

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
            { class: `lint-item ${issue.category}`, 'data-testid': 'lint-item' },
            h(
              'span',
              { class: `lint-badge ${issue.category}` },
              issue.category === 'warn' ? 'warning' : issue.category,
            ),
            elementLink(issue, name, onSelect),
            h('span', { class: 'lint-message', 'data-testid': 'lint-message' }, plainWords(issue)),
            h(
              'span',
              { class: 'lint-rule', title: 'What the linter reported' },
              issue.message === plainWords(issue) ? issue.rule : `${issue.rule}: ${issue.message}`,
            ),
          );
          if (issue.elementId) {
            const id = issue.elementId;
            item.addEventListener('click', () => onSelect(id));
          }
          return item;
        }),
      );
    },
  };
}
