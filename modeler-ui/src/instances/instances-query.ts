/**
 * One page of the instances list, read from REST v2 only (so it works against a Camunda 8.8 cluster): the
 * process instance search with the person's filters, business-key search and outcome turned into Camunda
 * filters (variables, elementId, $or) with the models' facts, then per page two more searches — the end
 * events the ended instances reached (their outcome) and the business-key variables (the columns).
 */
import {
  type ElementInstance,
  type ProcessDefinition,
  type ProcessInstance,
  type SearchPage,
  search,
  searchProcessInstances,
  type Variable,
} from '../api/client';
import { type Filters, searchFilterOf, sortOf, variableValueText } from './instance-filters';
import { type EndOutcome, lastEndEvent, type Outcome, outcomeOf, outcomeSearchFilter } from './instance-outcome';
import { factsOf, type ProcessFacts } from './process-facts';

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 25;

export interface InstanceRow {
  instance: ProcessInstance;
  outcome: Outcome;
  /** name (or id) of the end event an ended instance reached */
  endName?: string;
  /** business key name → value as text */
  keys: Record<string, string>;
}

export interface InstancesPage {
  rows: InstanceRow[];
  /** the business-key columns: every key the page's models mark, in model order */
  businessKeys: string[];
  total: number;
  startCursor?: string;
  endCursor?: string;
  /** the page's number, from 1 */
  number: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

type Filter = Record<string, unknown>;

/** `a AND b` when both may hold an `$or`: one `$or` of every pair of their groups. */
function and(a: Filter, b: Filter): Filter {
  const { $or: orA, ...restA } = a as { $or?: Filter[] };
  const { $or: orB, ...restB } = b as { $or?: Filter[] };
  const merged: Filter = { ...restA, ...restB };
  if (orA && orB) merged.$or = orA.flatMap((x) => orB.map((y) => ({ ...x, ...y })));
  else if (orA || orB) merged.$or = orA ?? orB;
  return merged;
}

/** The latest definition of each process the filters concern (all processes when none is chosen). */
function latestDefinitions(definitions: ProcessDefinition[], process: string): ProcessDefinition[] {
  const latest = new Map<string, ProcessDefinition>();
  for (const d of definitions) {
    if (process && d.processDefinitionId !== process) continue;
    const seen = latest.get(d.processDefinitionId);
    if (!seen || d.version > seen.version) latest.set(d.processDefinitionId, d);
  }
  return [...latest.values()];
}

async function factsFor(definitions: ProcessDefinition[]): Promise<ProcessFacts[]> {
  return Promise.all(definitions.map((d) => factsOf(d.processDefinitionKey)));
}

/** The search filter of the person's filters, the business-key search and the outcome included. */
export async function instancesFilter(filters: Filters, definitions: ProcessDefinition[]): Promise<Filter> {
  let filter: Filter = searchFilterOf(filters);
  if (!filters.q && !filters.outcome) return filter;
  const facts = await factsFor(latestDefinitions(definitions, filters.process));
  if (filters.q) {
    const keys = [...new Set(facts.flatMap((f) => f.businessKeys))];
    const value = variableValueText(filters.q);
    const groups: Filter[] = keys.map((name) => ({ variables: [{ name, value }] }));
    if (/^\d+$/.test(filters.q)) groups.push({ processInstanceKey: filters.q });
    filter = and(filter, { $or: groups.length > 0 ? groups : [{ processInstanceKey: '-1' }] });
  }
  if (filters.outcome) {
    const ends: Record<EndOutcome, string[]> = { completed: [], rejected: [], cancelled: [] };
    for (const f of facts) for (const [id, outcome] of f.endOutcomes) ends[outcome].push(id);
    filter = and(filter, outcomeSearchFilter(filters.outcome as Outcome, ends));
  }
  return filter;
}

export async function loadInstancesPage(filters: Filters, definitions: ProcessDefinition[]): Promise<InstancesPage> {
  const size = Number(filters.size) || DEFAULT_PAGE_SIZE;
  const page = await searchProcessInstances({
    filter: await instancesFilter(filters, definitions),
    sort: sortOf(filters),
    page: filters.after
      ? { limit: size, after: filters.after }
      : filters.before
        ? { limit: size, before: filters.before }
        : { limit: size },
  });
  const rows = await enrich(page.items);
  const total = page.page?.totalItems ?? page.items.length;
  const number = Math.max(1, Number(filters.p) || 1);
  return {
    ...rows,
    total,
    startCursor: page.page?.startCursor,
    endCursor: page.page?.endCursor,
    number,
    hasPrevious: number > 1,
    hasNext: number * size < total,
  };
}

async function enrich(instances: ProcessInstance[]): Promise<Pick<InstancesPage, 'rows' | 'businessKeys'>> {
  const definitionKeys = [...new Set(instances.map((i) => i.processDefinitionKey))];
  const facts = new Map(
    await Promise.all(definitionKeys.map(async (key) => [key, await factsOf(key).catch(() => undefined)] as const)),
  );
  const businessKeys = [...new Set([...facts.values()].flatMap((f) => f?.businessKeys ?? []))];
  const ended = instances.filter((i) => i.state === 'COMPLETED').map((i) => i.processInstanceKey);
  const keys = instances.map((i) => i.processInstanceKey);
  const [ends, variables] = await Promise.all([
    ended.length === 0
      ? undefined
      : search<ElementInstance>('element-instances', {
          filter: { processInstanceKey: { $in: ended }, type: 'END_EVENT', state: 'COMPLETED' },
          page: { limit: 10_000 },
        }),
    keys.length === 0 || businessKeys.length === 0
      ? undefined
      : search<Variable>('variables', {
          filter: { processInstanceKey: { $in: keys }, name: { $in: businessKeys } },
          page: { limit: 10_000 },
        }),
  ]);
  const endsOf = groupBy(ends, (e) => e.processInstanceKey);
  const variablesOf = groupBy(variables, (v) => v.processInstanceKey);
  const rows = instances.map((instance): InstanceRow => {
    const myEnds = endsOf.get(instance.processInstanceKey) ?? [];
    const endId = lastEndEvent(myEnds);
    const end = myEnds.find((e) => e.elementId === endId);
    const values: Record<string, string> = {};
    for (const v of variablesOf.get(instance.processInstanceKey) ?? []) {
      if (v.scopeKey === instance.processInstanceKey) values[v.name] = plain(v.value);
    }
    return {
      instance,
      outcome: outcomeOf(instance, endId, facts.get(instance.processDefinitionKey)?.endOutcomes),
      endName: end ? end.elementName || end.elementId : undefined,
      keys: values,
    };
  });
  return { rows, businessKeys };
}

function groupBy<T>(page: SearchPage<T> | undefined, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of page?.items ?? []) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** A variable's JSON text as a person reads it: "o-3" without quotes. */
function plain(json: string): string {
  try {
    const value = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  } catch {
    return json;
  }
}
