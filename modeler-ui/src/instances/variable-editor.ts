/**
 * Editing a variable from the instance view: a dialog with its JSON value, checked before it is sent, then
 * `PUT /v2/element-instances/{scopeKey}/variables` on the variable's own scope (the process instance, or the
 * element instance it is local to), so fixing the bad value and then Retry gets an incident through.
 */
import { setVariables, type Variable } from '../api/client';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorMessage, toast } from '../ui/toast';

/** true when a new value was stored */
export async function editVariable(variable: Variable, scopeName: string): Promise<boolean> {
  const field = h('textarea', {
    class: 'input mono variable-editor',
    rows: 6,
    'aria-label': `New value of ${variable.name} (JSON)`,
    'data-testid': 'variable-editor',
    spellcheck: 'false',
  });
  field.value = variable.value;
  const stored = await openDialog({
    title: `Edit ${variable.name}`,
    body: [
      h(
        'p',
        { class: 'muted' },
        `Scope: ${scopeName}. The value is JSON: text in "quotes", numbers and true/false as is.`,
      ),
      field,
    ],
    focus: field,
    confirmLabel: 'Save value',
    testId: 'variable-dialog',
    onConfirm: async () => {
      let value: unknown;
      try {
        value = JSON.parse(field.value);
      } catch {
        throw new Error('This is not JSON: put text in "double quotes".');
      }
      try {
        return (
          (await withApiKey(async () => {
            await setVariables(variable.scopeKey, { [variable.name]: value });
            return true;
          })) ?? false
        );
      } catch (err) {
        throw new Error(`Not saved: ${errorMessage(err)}`);
      }
    },
  });
  if (stored) toast(`${variable.name} saved`, 'success');
  return stored === true;
}
