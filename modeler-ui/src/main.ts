/**
 * Baton's modeler UI: the shell (top bar, server-down banner, API key button) and the hash router that
 * mounts the models, instances and instance views.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './styles/app.css';
import './styles/models.css';
import './styles/instances.css';
import './styles/instance-view.css';
import './styles/tasks.css';
import './styles/dashboard.css';

import { getStoredApiKey, onApiKeyChange, storeApiKey } from './api/api-key';
import { createDashboardView } from './dashboard/process-dashboard-view';
import { createIncidentsView } from './instances/incidents-view';
import { createInstanceView } from './instances/instance-view';
import { createInstancesView } from './instances/instances-view';
import { createModelsView } from './models/models-view';
import { parseHash, type Route } from './router';
import { createStartProcessView } from './tasks/start-process-view';
import { createTasksView } from './tasks/tasks-view';
import { askForApiKey } from './ui/api-key-prompt';
import { installApiStatusBanner } from './ui/api-status';
import { h, replaceChildren } from './ui/dom';
import { toast } from './ui/toast';
import type { View } from './ui/view';

const content = h('main', { class: 'content', id: 'content', tabindex: -1 });
// the first Tab stop: past the top bar straight to the page (a link to '#content' would be taken as a route)
const skipLink = h('button', { type: 'button', class: 'skip-link', 'data-testid': 'skip-link' }, 'Skip to content');
skipLink.addEventListener('click', () => content.focus());
const navModels = h('a', { href: '#/models', class: 'nav-link', 'data-testid': 'nav-models' }, 'Models');
const navInstances = h('a', { href: '#/instances', class: 'nav-link', 'data-testid': 'nav-instances' }, 'Instances');
const navIncidents = h('a', { href: '#/incidents', class: 'nav-link', 'data-testid': 'nav-incidents' }, 'Incidents');
const navTasks = h('a', { href: '#/tasks', class: 'nav-link', 'data-testid': 'nav-tasks' }, 'Tasks');
const navDashboard = h('a', { href: '#/dashboard', class: 'nav-link', 'data-testid': 'nav-dashboard' }, 'Dashboard');
const keyButton = h('button', { type: 'button', class: 'button ghost small', 'data-testid': 'api-key-button' });

function renderKeyButton(): void {
  const hasKey = Boolean(getStoredApiKey());
  keyButton.textContent = hasKey ? 'API key ✓' : 'Set API key';
  keyButton.title = hasKey ? 'Change or forget the API key kept in this browser' : 'Writes need the API key';
}

keyButton.addEventListener('click', async () => {
  if (getStoredApiKey() && window.confirm('Forget the API key kept in this browser? (Cancel to change it)')) {
    storeApiKey(undefined);
    toast('API key forgotten', 'info');
  } else {
    await askForApiKey();
  }
});
onApiKeyChange(renderKeyButton);

const shell = h(
  'div',
  { class: 'shell' },
  skipLink,
  h(
    'header',
    { class: 'topbar' },
    h('a', { href: '#/models', class: 'brand' }, h('span', { class: 'brand-mark' }, '◆'), 'Baton'),
    h('nav', { class: 'nav', 'aria-label': 'Main' }, navModels, navInstances, navIncidents, navDashboard, navTasks),
    h('span', { class: 'toolbar-spacer' }),
    keyButton,
  ),
  h('div', { id: 'banners' }),
  content,
);
document.body.appendChild(shell);
renderKeyButton();

let view: View | undefined;
let route: Route | undefined;
let lastHash = window.location.hash;

function navigate(hash: string): void {
  if (window.location.hash === hash) void showRoute();
  else window.location.hash = hash;
}

async function showRoute(): Promise<void> {
  const next = parseHash(window.location.hash);
  if (view && route && view.canLeave && !view.canLeave() && window.location.hash !== lastHash) {
    if (!window.confirm('This model has unsaved changes. Leave without saving?')) {
      history.replaceState(null, '', lastHash || '#/models');
      return;
    }
  }
  lastHash = window.location.hash;
  navModels.classList.toggle('active', next.kind === 'models');
  navInstances.classList.toggle('active', next.kind === 'instances' || next.kind === 'instance');
  navIncidents.classList.toggle('active', next.kind === 'incidents');
  navTasks.classList.toggle('active', next.kind === 'tasks' || next.kind === 'start-process');
  navDashboard.classList.toggle('active', next.kind === 'dashboard');
  for (const link of [navModels, navInstances, navIncidents, navDashboard, navTasks]) {
    if (link.classList.contains('active')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!view || route?.kind !== next.kind) {
    view?.destroy();
    replaceChildren(content);
    view =
      next.kind === 'models'
        ? createModelsView(content, navigate)
        : next.kind === 'instances'
          ? createInstancesView(content, navigate)
          : next.kind === 'incidents'
            ? createIncidentsView(content)
            : next.kind === 'tasks'
              ? createTasksView(content, navigate)
              : next.kind === 'start-process'
                ? createStartProcessView(content)
                : next.kind === 'dashboard'
                  ? createDashboardView(content, navigate)
                  : createInstanceView(content);
  }
  route = next;
  await view.show(next.params);
}

window.addEventListener('hashchange', () => void showRoute());
window.addEventListener('beforeunload', (event) => {
  if (view?.canLeave && !view.canLeave()) event.preventDefault();
});
installApiStatusBanner(document.getElementById('banners') as HTMLElement, () => view?.reload?.());
void showRoute();
