/**
 * The instances list's filters: read from the route, written back into it (so a view can be bookmarked) and
 * turned into a Camunda 8.8 `POST /v2/process-instances/search` filter. The first four are the original
 * ones; the rest are optional and absent unless set. Outcome and the business-key search need the models'
 * facts and are added in instances-query.ts.
 */
export interface Filters {
  process: string;
  state: string;
  incidents: boolean;
  key: string;
  /** process definition version */
  version?: string;
  /** active | incident | completed | rejected | cancelled */
  outcome?: string;
  /** a business key value (order id, customer id, ...) */
  q?: string;
  /** dates as yyyy-mm-dd, inclusive */
  startedFrom?: string;
  startedTo?: string;
  endedFrom?: string;
  endedTo?: string;
  /** the element id of the step instances are at now */
  step?: string;
  /** part of an open incident's message */
  error?: string;
  /** a variable's name and value (JSON, or plain text taken as a string) */
  variable?: string;
  value?: string;
  /** field:asc|desc */
  sort?: string;
  /** cursors of Camunda's cursor paging */
  after?: string;
  before?: string;
  /** page size */
  size?: string;
  /** the page's number (from 1), kept next to the cursor to tell whether there are pages before and after */
  p?: string;
}

const OPTIONAL = [
  'version',
  'outcome',
  'q',
  'startedFrom',
  'startedTo',
  'endedFrom',
  'endedTo',
  'step',
  'error',
  'variable',
  'value',
  'sort',
  'after',
  'before',
  'size',
  'p',
] as const;
export type OptionalFilter = (typeof OPTIONAL)[number];

export function filtersFrom(params: Record<string, string>): Filters {
  const filters: Filters = {
    process: params.process ?? '',
    state: params.state ?? '',
    incidents: params.incidents === '1',
    key: params.key ?? '',
  };
  for (const name of OPTIONAL) if (params[name]) filters[name] = params[name];
  return filters;
}

export function hashFor(f: Filters): string {
  const query = new URLSearchParams();
  if (f.process) query.set('process', f.process);
  if (f.state) query.set('state', f.state);
  if (f.incidents) query.set('incidents', '1');
  if (f.key) query.set('key', f.key);
  for (const name of OPTIONAL) if (f[name]) query.set(name, f[name] as string);
  const text = query.toString();
  return `#/instances${text ? `?${text}` : ''}`;
}

/** The same filters without a page position: a changed filter or sort starts on the first page. */
export function firstPage(f: Filters): Filters {
  const { after: _after, before: _before, p: _p, ...rest } = f;
  return rest;
}

/** A day's bounds as Camunda date-time filters ($gte the day's start, $lt the next day's). */
function dayRange(from: string | undefined, to: string | undefined): Record<string, string> | undefined {
  if (!from && !to) return undefined;
  const range: Record<string, string> = {};
  if (from) range.$gte = new Date(`${from}T00:00:00`).toISOString();
  if (to) range.$lt = new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString();
  return range;
}

/** A value typed by a person as the JSON text Camunda compares variables by: 42 and true as is, o-3 as "o-3". */
export function variableValueText(typed: string): string {
  const text = typed.trim();
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify(text);
  }
}

/** The `filter` of a `POST /v2/process-instances/search` for these filters (outcome and q aside). */
export function searchFilterOf(filters: Filters): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (filters.process) filter.processDefinitionId = filters.process;
  if (filters.state) filter.state = filters.state;
  if (filters.incidents) filter.hasIncident = true;
  if (filters.key) filter.processInstanceKey = filters.key;
  if (filters.version && /^\d+$/.test(filters.version)) filter.processDefinitionVersion = Number(filters.version);
  const started = dayRange(filters.startedFrom, filters.startedTo);
  if (started) filter.startDate = started;
  const ended = dayRange(filters.endedFrom, filters.endedTo);
  if (ended) filter.endDate = ended;
  if (filters.step) {
    filter.elementId = filters.step;
    filter.elementInstanceState = 'ACTIVE';
  }
  if (filters.error) filter.errorMessage = { $like: `*${filters.error}*` };
  if (filters.variable && filters.value !== undefined)
    filter.variables = [{ name: filters.variable, value: variableValueText(filters.value) }];
  return filter;
}

/** The sort of the search: newest first unless the person chose a column. */
export function sortOf(filters: Filters): { field: string; order: 'ASC' | 'DESC' }[] {
  const [field, order] = (filters.sort ?? '').split(':');
  if (!field) return [{ field: 'startDate', order: 'DESC' }];
  return [{ field, order: order === 'asc' ? 'ASC' : 'DESC' }];
}
