/**
 * The modeler's properties panel offers what the engine runs (issue 21): the provider that runs after the
 * Camunda 8 one keeps the groups of called decisions, escalation, link and conditional events and ad-hoc
 * sub-processes (active elements, output collection, the job-worker implementation).
 */
import { HideUnsupportedPropertiesModule } from '../../modeler-ui/src/models/hide-unsupported-properties';

type Filter = (groups: { id: string }[]) => { id: string }[];

function panelFilter(): Filter {
  let filter: Filter | undefined;
  const panel = {
    registerProvider: (_priority: number, provider: { getGroups(): Filter }) => {
      filter = provider.getGroups();
    },
  };
  const Provider = HideUnsupportedPropertiesModule.hideUnsupportedProperties[1] as unknown as new (
    p: typeof panel,
  ) => unknown;
  new Provider(panel);
  return filter as Filter;
}

test('the groups of what the engine runs show', () => {
  const shown = [
    'general',
    'calledDecision',
    'escalation',
    'link',
    'event-condition',
    'adHocSubProcessImplementation',
    'activeElements',
    'outputCollection',
    'adHocCompletion',
    'taskDefinition',
    'executionListeners',
  ];
  const groups = shown.map((id) => ({ id }));
  expect(panelFilter()(groups).map((g) => g.id)).toEqual(shown);
});
