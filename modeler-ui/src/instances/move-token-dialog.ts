/**
 * "Move token": Operate's modification as one dialog: the active step to take the token from (every instance
 * of it is terminated) and the step to put it on (activated), sent as one modification request.
 */
import { type ElementInstance, getProcessDefinitionXml, modifyProcessInstance } from '../api/client';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { flowNodesOf, nodeLabel } from './flow-nodes';

/** true when the token was moved, false when the person closed the dialog */
export async function moveTokenDialog(
  processInstanceKey: string,
  processDefinitionKey: string,
  elements: ElementInstance[],
): Promise<boolean> {
  const active = elements.filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS' && e.type !== 'SUB_PROCESS');
  const sources = [...new Map(active.map((e) => [e.elementId, e])).values()];
  const targets = flowNodesOf(await getProcessDefinitionXml(processDefinitionKey));
  const from = h('select', { class: 'input', 'aria-label': 'From', 'data-testid': 'move-from' });
  for (const e of sources) from.append(h('option', { value: e.elementId }, e.elementName || e.elementId));
  const to = h('select', { class: 'input', 'aria-label': 'To', 'data-testid': 'move-to' });
  for (const n of targets) to.append(h('option', { value: n.id }, nodeLabel(n)));
  const moved = await openDialog({
    title: 'Move token',
    testId: 'move-token-dialog',
    body: [
      h('p', {}, 'The step the token leaves is terminated (its job or task is cancelled); the new one starts.'),
      h('label', { class: 'field' }, 'From ', from),
      h('label', { class: 'field' }, 'To ', to),
    ],
    confirmLabel: 'Move',
    onConfirm: async () => {
      const leaving = active.filter((e) => e.elementId === from.value);
      await modifyProcessInstance(processInstanceKey, {
        terminateInstructions: leaving.map((e) => ({ elementInstanceKey: e.elementInstanceKey })),
        activateInstructions: [{ elementId: to.value }],
      });
      return true;
    },
  });
  return moved === true;
}
