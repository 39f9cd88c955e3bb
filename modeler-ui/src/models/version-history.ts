/**
 * The model's version history, from its deployments (the process definitions Camunda keeps, read over REST
 * v2): pick two versions and see what changed — the newer one drawn with the added, changed and moved
 * elements marked in colour, and every change listed in words (version-diff.ts).
 */
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { ProcessDefinition } from '../api/camunda-types';
import { getProcessDefinitionXml, searchProcessDefinitions } from '../api/client';
import { openDialog } from '../ui/dialog';
import { h, replaceChildren } from '../ui/dom';
import { errorMessage } from '../ui/toast';
import { versionChanges } from './version-diff';

function versionSelect(label: string, versions: ProcessDefinition[], selected: number): HTMLSelectElement {
  const select = h('select', { class: 'input', 'aria-label': label, 'data-testid': `history-${label.toLowerCase()}` });
  for (const v of versions) {
    const option = h('option', { value: v.processDefinitionKey }, `Version ${v.version}`);
    option.selected = v.version === selected;
    select.append(option);
  }
  return select;
}

async function compare(from: string, to: string, canvas: HTMLElement, list: HTMLElement): Promise<void> {
  const [oldXml, newXml] = await Promise.all([getProcessDefinitionXml(from), getProcessDefinitionXml(to)]);
  const changes = await versionChanges(oldXml, newXml);
  replaceChildren(canvas);
  const viewer = new NavigatedViewer({ container: canvas });
  await viewer.importXML(newXml);
  (viewer.get('canvas') as { zoom(level: string): void }).zoom('fit-viewport');
  const markers = viewer.get('canvas') as { addMarker(id: string, marker: string): void };
  const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
  for (const change of changes) {
    if (change.kind !== 'removed' && registry.get(change.elementId))
      markers.addMarker(change.elementId, `diff-${change.kind}`);
  }
  replaceChildren(
    list,
    changes.length === 0
      ? [h('li', { class: 'muted' }, 'No differences')]
      : changes.map((c) => h('li', { class: `diff-item diff-${c.kind}`, 'data-testid': 'history-change' }, c.text)),
  );
}

export async function showVersionHistory(processId: string): Promise<void> {
  const versions = (await searchProcessDefinitions({ filter: { processDefinitionId: processId } })).sort(
    (a, b) => b.version - a.version,
  );
  const canvas = h('div', { class: 'history-canvas', 'data-testid': 'history-canvas' });
  const list = h('ul', { class: 'history-changes', 'data-testid': 'history-changes' });
  const body: Node[] = [];
  if (versions.length < 2) {
    body.push(
      h(
        'p',
        { 'data-testid': 'history-empty' },
        versions.length === 0
          ? `${processId} has not been deployed yet.`
          : `${processId} has one deployed version so far: deploy a change to compare.`,
      ),
    );
  } else {
    const from = versionSelect('From', versions, versions[1].version);
    const to = versionSelect('To', versions, versions[0].version);
    const run = () =>
      compare(from.value, to.value, canvas, list).catch((err) => {
        replaceChildren(list, h('li', { class: 'dialog-error' }, `Could not compare: ${errorMessage(err)}`));
      });
    from.addEventListener('change', run);
    to.addEventListener('change', run);
    body.push(h('div', { class: 'history-pickers' }, from, h('span', {}, '→'), to), canvas, list);
    void run();
  }
  await openDialog({
    title: `Versions of ${processId}`,
    testId: 'history-dialog',
    body,
    confirmLabel: 'Close',
    hideCancel: true,
    onConfirm: () => true,
  });
}
