/** The ids of the deployed processes (the Tasks page's process filter), read once per visit. */
import { searchProcessDefinitions } from '../api/client';

/** A reader that searches the definitions on its first call only: opening a task must not search them again. */
export function processIdsOnce(): () => Promise<string[]> {
  let ids: string[] | undefined;
  return async () => {
    ids ??= [...new Set((await searchProcessDefinitions()).map((d) => d.processDefinitionId))].sort();
    return ids;
  };
}
