/**
 * The filters of `POST /v2/process-instances/search` that Camunda 8.8 matches on what belongs to an instance
 * rather than on the instance itself: `variables` ([{ name, value }], every entry must match a variable of
 * the instance; the value is compared as the variable's JSON text, as Camunda stores it), `errorMessage` (an
 * active incident's message), `elementId` with `elementInstanceState` (an element instance of the instance,
 * e.g. the step it waits in) and `hasElementInstanceIncident`.
 */
import type { EngineReads } from '../../../engine/secondary-storage';
import { badRequest } from '../problem';
import { asObject, type ConditionCompiler, type RelatedFilter } from '../search';

type Item = Record<string, unknown>;
type KeyTest = (item: Item) => boolean;

/** instance keys for which some related record passed the test, asked once per search */
function instancesWhere<R extends { processInstanceKey: string }>(records: Iterable<R>, test: (r: R) => boolean) {
  const keys = new Set<string>();
  for (const record of records) if (test(record)) keys.add(record.processInstanceKey);
  return (item: Item) => keys.has(String(item.processInstanceKey));
}

function variablesFilter(reads: EngineReads): RelatedFilter<Item> {
  return (condition, compile) => {
    if (!Array.isArray(condition)) throw badRequest("'filter.variables' must be an array of { name, value }");
    const tests: KeyTest[] = condition.map((entry, i) => {
      const { name, value } = asObject(entry, `filter.variables[${i}]`);
      if (typeof name !== 'string' || !name) throw badRequest(`'filter.variables[${i}].name' must be a string`);
      const matches = compile(value, `filter.variables[${i}].value`);
      return instancesWhere(reads.listVariables(), (v) => v.name === name && matches(JSON.stringify(v.value ?? null)));
    });
    return (item) => tests.every((t) => t(item));
  };
}

const errorMessageFilter =
  (reads: EngineReads): RelatedFilter<Item> =>
  (condition, compile) => {
    const matches = compile(condition, 'filter.errorMessage');
    return instancesWhere(reads.listIncidents(), (i) => i.state === 'ACTIVE' && matches(i.errorMessage));
  };

/** elementId and elementInstanceState describe one element instance together (whichever comes first compiles both) */
function elementFilter(reads: EngineReads, own: 'elementId' | 'elementInstanceState'): RelatedFilter<Item> {
  return (_condition, compile: ConditionCompiler, filter) => {
    if (own === 'elementInstanceState' && filter.elementId !== undefined) return () => true;
    const id = filter.elementId === undefined ? () => true : compile(filter.elementId, 'filter.elementId');
    const state =
      filter.elementInstanceState === undefined
        ? () => true
        : compile(filter.elementInstanceState, 'filter.elementInstanceState');
    return instancesWhere(
      reads.listElementInstances(),
      (e) => e.type !== 'PROCESS' && id(e.elementId) && state(e.state),
    );
  };
}

const elementIncidentFilter =
  (reads: EngineReads): RelatedFilter<Item> =>
  (condition, compile) => {
    const matches = compile(condition, 'filter.hasElementInstanceIncident');
    const withIncident = instancesWhere(reads.listIncidents(), (i) => i.state === 'ACTIVE');
    return (item) => matches(withIncident(item));
  };

export function processInstanceRelatedFilters(reads: EngineReads): Record<string, RelatedFilter<Item>> {
  return {
    variables: variablesFilter(reads),
    errorMessage: errorMessageFilter(reads),
    elementId: elementFilter(reads, 'elementId'),
    elementInstanceState: elementFilter(reads, 'elementInstanceState'),
    hasElementInstanceIncident: elementIncidentFilter(reads),
  };
}
