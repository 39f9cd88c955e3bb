/**
 * "Migrate": Operate's migration as one dialog: a target version of the same process and, for each active
 * step, the step of the target it becomes (the one with the same id preselected), sent as one migration request.
 */
import {
  type ElementInstance,
  getProcessDefinitionXml,
  migrateProcessInstance,
  type ProcessInstance,
  searchProcessDefinitions,
} from '../api/client';
import { openDialog } from '../ui/dialog';
import { h, replaceChildren } from '../ui/dom';
import { type FlowNode, flowNodesOf, nodeLabel } from './flow-nodes';

/** true when the instance was migrated, false when the person closed the dialog */
export async function migrateDialog(instance: ProcessInstance, elements: ElementInstance[]): Promise<boolean> {
  const versions = (await searchProcessDefinitions({ filter: { processDefinitionId: instance.processDefinitionId } }))
    .filter((d) => d.processDefinitionKey !== instance.processDefinitionKey)
    .sort((a, b) => b.version - a.version);
  const active = [
    ...new Set(elements.filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS').map((e) => e.elementId)),
  ];
  const target = h('select', { class: 'input', 'aria-label': 'Target version', 'data-testid': 'migrate-target' });
  for (const v of versions) target.append(h('option', { value: v.processDefinitionKey }, `Version ${v.version}`));
  const mappings = h('div', { class: 'migrate-mappings', 'data-testid': 'migrate-mappings' });
  const selects = new Map<string, HTMLSelectElement>();
  const showMappings = async () => {
    const nodes: FlowNode[] = target.value ? flowNodesOf(await getProcessDefinitionXml(target.value)) : [];
    selects.clear();
    replaceChildren(
      mappings,
      active.map((id) => {
        const select = h('select', { class: 'input', 'aria-label': `Map ${id}`, 'data-testid': `map-${id}` });
        for (const n of nodes) {
          const option = h('option', { value: n.id }, nodeLabel(n));
          option.selected = n.id === id;
          select.append(option);
        }
        selects.set(id, select);
        return h('label', { class: 'field' }, `${id} → `, select);
      }),
    );
  };
  target.addEventListener('change', () => void showMappings());
  await showMappings();
  const migrated = await openDialog({
    title: 'Migrate instance',
    testId: 'migrate-dialog',
    body: [
      versions.length === 0
        ? h('p', {}, 'There is no other version of this process to migrate to.')
        : h('p', {}, 'Each active step keeps its job, task, incident and variables in the version chosen.'),
      h('label', { class: 'field' }, 'Target ', target),
      mappings,
    ],
    confirmLabel: 'Migrate',
    onConfirm: async () => {
      if (!target.value) throw new Error('Choose a version to migrate to');
      await migrateProcessInstance(instance.processInstanceKey, {
        targetProcessDefinitionKey: target.value,
        mappingInstructions: [...selects].map(([sourceElementId, select]) => ({
          sourceElementId,
          targetElementId: select.value,
        })),
      });
      return true;
    },
  });
  return migrated === true;
}
