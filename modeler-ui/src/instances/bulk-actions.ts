/**
 * Actions on many instances or incidents at once, as Operate offers them: cancel the selected instances, and
 * retry incidents (per incident: the failed job gets retries, then the incident is resolved, so it does not
 * come straight back). Each asks once, uses the API key, and says in a toast how many went through.
 */

import { cancelProcessInstance, type Incident, resolveIncident, updateJobRetries } from '../api/client';
import { ApiError } from '../api/http';
import { withApiKey } from '../ui/api-key-prompt';
import { openDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { errorMessage, toast } from '../ui/toast';

/** Operate gives a failed job one retry before resolving its incident. */
export const RETRIES_ON_RETRY = 1;

/** Retry as one action: the job gets a retry first, or the resolved incident is raised again at once. */
export async function retryOne(incident: Incident): Promise<void> {
  if (incident.jobKey) await updateJobRetries(incident.jobKey, RETRIES_ON_RETRY);
  await resolveIncident(incident.incidentKey);
}

async function each<T>(items: T[], act: (item: T) => Promise<void>): Promise<{ done: number; failed: string[] }> {
  const failed: string[] = [];
  let done = 0;
  for (const item of items) {
    try {
      await act(item);
      done += 1;
    } catch (err) {
      // a refused key before anything went through: withApiKey asks for the key and tries again
      if (err instanceof ApiError && err.unauthorized && done === 0) throw err;
      failed.push(errorMessage(err));
    }
  }
  return { done, failed };
}

function report(what: string, result: { done: number; failed: string[] } | undefined): void {
  if (!result) return;
  if (result.failed.length === 0) toast(`${what}: ${result.done} done`, 'success');
  else toast(`${what}: ${result.done} done, ${result.failed.length} failed`, 'error', result.failed[0]);
}

export async function bulkCancel(keys: string[]): Promise<boolean> {
  const confirmed = await openDialog({
    title: `Cancel ${keys.length} instance${keys.length === 1 ? '' : 's'}?`,
    body: h('p', {}, 'They stop where they are; no compensation runs. This cannot be undone.'),
    confirmLabel: 'Cancel instances',
    cancelLabel: 'Keep running',
    onConfirm: () => true,
  });
  if (!confirmed) return false;
  try {
    report('Cancel', await withApiKey(() => each(keys, cancelProcessInstance)));
  } catch (err) {
    toast('Cancel failed', 'error', errorMessage(err));
  }
  return true;
}

export async function bulkRetry(incidents: Incident[]): Promise<void> {
  try {
    report('Retry', await withApiKey(() => each(incidents, retryOne)));
  } catch (err) {
    toast('Retry failed', 'error', errorMessage(err));
  }
}
