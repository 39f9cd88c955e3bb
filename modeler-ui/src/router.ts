/**
 * Hash routes (#/models/order-fulfilment, #/instances/2251799813685249?…), so the UI works wherever it is
 * served and a reload keeps the place. A route names a view kind and its params; moving within one kind
 * calls the mounted view's show() again instead of rebuilding it.
 */
export interface Route {
  kind: 'models' | 'instances' | 'instance' | 'incidents' | 'tasks' | 'start-process' | 'dashboard';
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params: Record<string, string> = Object.fromEntries(new URLSearchParams(query));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'instances' && parts[1]) return { kind: 'instance', params: { ...params, key: parts[1] } };
  if (parts[0] === 'instances') return { kind: 'instances', params };
  if (parts[0] === 'incidents') return { kind: 'incidents', params };
  if (parts[0] === 'tasks' && parts[1] === 'start') return { kind: 'start-process', params };
  if (parts[0] === 'tasks') return { kind: 'tasks', params };
  if (parts[0] === 'dashboard') return { kind: 'dashboard', params };
  if (parts[0] === 'new') return { kind: 'models', params: { ...params, new: 'true' } };
  if (parts[0] === 'models' && parts[1]) return { kind: 'models', params: { ...params, name: parts[1] } };
  return { kind: 'models', params };
}
