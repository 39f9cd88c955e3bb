/**
 * The Camunda REST v2 endpoints the modeler UI calls (modeler-ui/src/api/client.ts), the only ones the app's
 * `/v2` passes on: the instance view's reads, and the few writes its buttons make. Everything else a cluster
 * serves (users, authentication, authorizations, deployments, the clock, topology ...) is not the UI's and
 * stays on the cluster's own port, behind the cluster's own login.
 */

/** A Camunda key: a positive 64-bit number (so no path segment can smuggle `..` or an encoded slash) */
const KEY = '\\d{1,19}';

export interface UiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: RegExp;
  /** reads (GETs and searches) are open like the app's own reads; everything else needs the API key */
  read: boolean;
  /** answers with a document someone else wrote (BPMN XML) */
  document?: boolean;
}

const route = (method: UiRoute['method'], path: string, read: boolean, document = false): UiRoute => ({
  method,
  path: new RegExp(`^${path.replaceAll('{key}', KEY)}$`),
  read,
  document,
});

export const UI_ROUTES: readonly UiRoute[] = [
  // the instance list and the instance view
  route('POST', '/process-instances/search', true),
  route('GET', '/process-instances/{key}', true),
  route('GET', '/process-instances/{key}/sequence-flows', true),
  route('POST', '/element-instances/search', true),
  route('POST', '/incidents/search', true),
  route('POST', '/variables/search', true),
  route('POST', '/process-definitions/search', true),
  route('GET', '/process-definitions/{key}/xml', true, true),
  route('POST', '/jobs/search', true),
  // the view's actions
  route('POST', '/process-instances', false),
  route('POST', '/process-instances/{key}/cancellation', false),
  route('POST', '/incidents/{key}/resolution', false),
  route('PATCH', '/jobs/{key}', false),
  // issue 23: a variable edited in the instance view, on its scope
  route('PUT', '/element-instances/{key}/variables', false),
  // issue 22: Move token and Migrate in the instance view
  route('POST', '/process-instances/{key}/modification', false),
  route('POST', '/process-instances/{key}/migration', false),
  // issue 23: the task list (claim, unclaim, the task's form and variables, complete) and start forms
  route('POST', '/user-tasks/search', true),
  route('GET', '/user-tasks/{key}/form', true),
  route('POST', '/user-tasks/{key}/variables/search', true),
  route('POST', '/user-tasks/{key}/assignment', false),
  route('DELETE', '/user-tasks/{key}/assignee', false),
  route('POST', '/user-tasks/{key}/completion', false),
  route('GET', '/process-definitions/{key}/form', true),
  // issue 23: the per-process dashboard's counts on each element
  route('POST', '/process-definitions/{key}/statistics/element-instances', true),
];

/** The UI route a request is for (path relative to `/v2`), or undefined when the UI never calls it. */
export function uiRouteOf(method: string, path: string): UiRoute | undefined {
  return UI_ROUTES.find((r) => r.method === method && r.path.test(path));
}
