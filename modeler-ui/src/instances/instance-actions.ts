/**
 * What a person does to an instance from its view, each asking for the API key when needed and saying how it
 * went in a toast: Retry an incident (as Operate does: the failed job gets a retry, then the incident is
 * resolved) and Cancel the instance (after confirming).
 */
import { cancelProcessInstance, type ElementInstance, type Incident, type ProcessInstance } from '../api/client';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorMessage, toast } from '../ui/toast';
import { retryOne } from './bulk-actions';
import { migrateDialog } from './migrate-dialog';
import { moveTokenDialog } from './move-token-dialog';

export async function retryIncident(incident: Incident): Promise<void> {
  try {
    const done = await withApiKey(async () => {
      await retryOne(incident);
      return true;
    });
    if (done) toast('Incident resolved: the job is retried', 'success');
  } catch (err) {
    toast('Retry failed', 'error', errorMessage(err));
  }
}

/** false when the person kept the instance running (nothing was sent) */
export async function cancelInstance(key: string): Promise<boolean> {
  const confirmed = await openDialog({
    title: 'Cancel this instance?',
    body: h('p', {}, `Instance ${key} stops where it is; no compensation runs. This cannot be undone.`),
    confirmLabel: 'Cancel instance',
    cancelLabel: 'Keep running',
    onConfirm: () => true,
  });
  if (!confirmed) return false;
  try {
    const done = await withApiKey(async () => {
      await cancelProcessInstance(key);
      return true;
    });
    if (done) toast(`Instance ${key} cancelled`, 'success');
  } catch (err) {
    toast('Cancel failed', 'error', errorMessage(err));
  }
  return true;
}

/** Move token (Operate's modification): false when nothing was sent */
export async function moveToken(instance: ProcessInstance, elements: ElementInstance[]): Promise<boolean> {
  return operate('Token moved', 'Move failed', () =>
    moveTokenDialog(instance.processInstanceKey, instance.processDefinitionKey, elements),
  );
}

/** Migrate (Operate's migration): false when nothing was sent */
export async function migrateInstance(instance: ProcessInstance, elements: ElementInstance[]): Promise<boolean> {
  return operate(`Instance ${instance.processInstanceKey} migrated`, 'Migration failed', () =>
    migrateDialog(instance, elements),
  );
}

async function operate(done: string, failed: string, run: () => Promise<boolean>): Promise<boolean> {
  try {
    const sent = await withApiKey(run);
    if (sent) toast(done, 'success');
    return sent === true;
  } catch (err) {
    toast(failed, 'error', errorMessage(err));
    return false;
  }
}
