/**
 * Ad-hoc sub-processes (Zeebe 8.8, BPMN implementation): `zeebe:adHoc activeElementsCollection` (the inner
 * elements to activate on entry), `bpmn:completionCondition`, `cancelRemainingInstances` (default true). The
 * activatable elements are the inner flow nodes without incoming sequence flows. As Zeebe validates it: at
 * least one activity, no start or end events.
 */
import { type CompiledExpression, compileExpression } from '../feel';
import type { ProblemSink } from './element-properties';
import type { FlowElement } from './process-model';
import type { ModdleElement } from './read-bpmn';

export interface AdHocSettings {
  activeElementsCollection?: CompiledExpression;
  completionCondition?: CompiledExpression;
  cancelRemainingInstances: boolean;
  /** the inner elements that can be activated, by id */
  activities: Map<string, FlowElement>;
}

const activityKinds = new Set<FlowElement['kind']>([
  'serviceTask',
  'sendTask',
  'receiveTask',
  'task',
  'manualTask',
  'scriptTask',
  'businessRuleTask',
  'userTask',
  'callActivity',
  'subProcess',
  'multiInstanceBody',
]);

/** Reads the settings of a filled ad-hoc sub-process (its children are in place) and checks it. */
export function readAdHoc(element: FlowElement, source: ModdleElement, problems: ProblemSink) {
  const compile = (text: string | undefined, what: string) => {
    const body = text?.trim();
    if (!body) return undefined;
    try {
      return compileExpression(body.startsWith('=') ? body : `=${body}`);
    } catch (err) {
      problems.add(element.id, `Invalid FEEL expression for ${what} '${body}': ${(err as Error).message}`);
      return undefined;
    }
  };
  const adHoc = (source.extensionElements?.values ?? []).find((v: ModdleElement) => v.$type === 'zeebe:AdHoc');
  if (adHoc?.outputCollection || adHoc?.outputElement)
    problems.add(element.id, 'The outputCollection of an ad-hoc sub-process is not supported by the embedded engine');
  if (element.taskDefinition)
    problems.add(
      element.id,
      'An ad-hoc sub-process with a job worker implementation is not supported by the embedded engine',
    );
  if (!element.children.some((c) => activityKinds.has(c.kind)))
    problems.add(element.id, 'Must have at least one activity.');
  for (const child of element.children) {
    if (child.kind === 'startEvent' || child.kind === 'endEvent')
      problems.add(element.id, `Must not contain start or end events, but found '${child.id}'.`);
  }
  element.adHoc = {
    activeElementsCollection: compile(adHoc?.activeElementsCollection, 'activeElementsCollection'),
    completionCondition: compile(source.completionCondition?.body, 'completionCondition'),
    cancelRemainingInstances: source.cancelRemainingInstances !== false,
    activities: new Map(element.children.filter((c) => c.incoming.length === 0).map((c) => [c.id, c])),
  };
}
