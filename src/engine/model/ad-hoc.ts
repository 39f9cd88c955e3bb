/**
 * Ad-hoc sub-processes (Zeebe 8.8): the BPMN implementation (`zeebe:adHoc activeElementsCollection`, the inner
 * elements to activate on entry; `bpmn:completionCondition`; `cancelRemainingInstances`, default true) or, with
 * a `zeebe:taskDefinition`, the job-worker implementation (a job decides what to activate and when it is done,
 * ad-hoc-jobs.ts). The activatable elements are the inner flow nodes without incoming sequence flows (boundary
 * events and event sub-processes aside); `adHocSubProcessElements` describes them. As Zeebe validates it: at
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
  /** zeebe:adHoc outputCollection / outputElement: a list of each path's output (ad-hoc-output.ts) */
  outputCollection?: string;
  outputElement?: CompiledExpression;
  /** the variable `outputElement` reads, when it is just one: created null on each activated element */
  outputVariable?: string;
  /** a zeebe:taskDefinition makes it Zeebe's JOB_WORKER implementation */
  jobWorker: boolean;
  /** the `adHocSubProcessElements` variable set on activation (Zeebe's AdHocActivityMetadata, empty fields left out) */
  elementsMetadata: AdHocElementMetadata[];
}

export interface AdHocElementMetadata {
  elementId: string;
  elementName?: string;
  documentation?: string;
  properties?: Record<string, string | null>;
}

/** what can be activated: no boundary events (they have no incoming flows either) nor event sub-processes */
const notActivatable = new Set<FlowElement['kind']>(['boundaryEvent', 'eventSubProcess']);

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
  const outputCollection = adHoc?.outputCollection?.trim() || undefined;
  const outputElement = compile(adHoc?.outputElement, 'outputElement');
  if (Boolean(outputCollection) !== Boolean(adHoc?.outputElement?.trim()))
    problems.add(element.id, 'Must define both outputCollection and outputElement, or neither.');
  if (element.taskDefinition && element.taskDefinition.type.source.trim() === '')
    problems.add(element.id, "Attribute 'type' of 'zeebe:taskDefinition' must be present and not empty");
  if (!element.children.some((c) => activityKinds.has(c.kind)))
    problems.add(element.id, 'Must have at least one activity.');
  const activities = element.children.filter((c) => c.incoming.length === 0 && !notActivatable.has(c.kind));
  const sources = new Map<string, ModdleElement>(
    (source.flowElements ?? []).map((f: ModdleElement) => [f.id as string, f]),
  );
  for (const child of element.children) {
    if (child.kind === 'startEvent' || child.kind === 'endEvent')
      problems.add(element.id, `Must not contain start or end events, but found '${child.id}'.`);
  }
  element.adHoc = {
    activeElementsCollection: compile(adHoc?.activeElementsCollection, 'activeElementsCollection'),
    completionCondition: compile(source.completionCondition?.body, 'completionCondition'),
    cancelRemainingInstances: source.cancelRemainingInstances !== false,
    activities: new Map(activities.map((c) => [c.id, c])),
    outputCollection,
    outputElement,
    outputVariable: variableOf(adHoc?.outputElement),
    jobWorker: element.taskDefinition !== undefined,
    elementsMetadata: activities.map((c) => elementMetadata(c, sources.get(c.id))),
  };
}

/** `result` or `= result`: the one variable an output element reads (Zeebe's Expression.getVariableName) */
function variableOf(text: string | undefined): string | undefined {
  const body = text?.trim().replace(/^=/, '').trim();
  return body && /^[A-Za-z_][A-Za-z0-9_]*$/.test(body) ? body : undefined;
}

/** Zeebe's AdHocActivityMetadata of one activatable element (`fromAi` parameters are not extracted). */
function elementMetadata(element: FlowElement, source: ModdleElement | undefined): AdHocElementMetadata {
  const metadata: AdHocElementMetadata = { elementId: element.id };
  if (element.name) metadata.elementName = element.name;
  const documentation = (source?.documentation ?? []).map((d: ModdleElement) => d.text ?? '').join('\n');
  if (documentation) metadata.documentation = documentation;
  const properties = (source?.extensionElements?.values ?? []).find(
    (v: ModdleElement) => v.$type === 'zeebe:Properties',
  );
  const entries = (properties?.properties ?? []).map((p: ModdleElement) => [p.name, p.value ? p.value : null]);
  if (entries.length > 0) metadata.properties = Object.fromEntries(entries);
  return metadata;
}
