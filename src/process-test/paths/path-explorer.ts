/**
 * The path explorer: every path through a model from a start event to an end (an end event, or an element
 * nothing follows), as the ordered elements and sequence flows it passes, with loops bounded (an element is
 * entered at most `maxLoops + 1` times on one path). What counts as "next":
 * - the targets of an element's outgoing sequence flows;
 * - an activity's boundary events (leaving through the event instead of the activity's own flows);
 * - a subprocess's inner start event; an inner element nothing follows continues after the subprocess.
 * Paths start at the process's start events and at each event subprocess's start event. Parallel branches
 * are separate paths (a path is one walk, not a token set). Compensation handlers, reached by association
 * rather than flow, are on no path.
 *
 * untestedPaths() compares paths with coverage: a path counts as tested when one instance reached all its
 * elements and took all its flows.
 */
import type { ModelElement, ProcessModel } from '../coverage/bpmn-model';
import { derivedFlows, type InstanceCoverage } from '../coverage/instance-coverage';

export interface ModelPath {
  /** element ids in the order walked */
  elementIds: string[];
  /** sequence flow ids in the order taken */
  flowIds: string[];
}

export interface PathOptions {
  /** how often a path may go round a loop again (default 1: each element at most twice) */
  maxLoops?: number;
  /** stop after this many paths (default 1 000); `truncated` says so */
  maxPaths?: number;
}

export interface ExploredPaths {
  processId: string;
  paths: ModelPath[];
  /** true when maxPaths cut the enumeration short */
  truncated: boolean;
}

interface Step {
  to: string;
  /** the sequence flow taken, absent for a boundary event or entering/leaving a subprocess */
  flowId?: string;
}

export function explorePaths(model: ProcessModel, options: PathOptions = {}): ExploredPaths {
  const maxTakes = (options.maxLoops ?? 1) + 1;
  const maxPaths = options.maxPaths ?? 1000;
  const next = successors(model);
  const starts = model.elements.filter((e) => e.type === 'startEvent' && startsAPath(model, e));
  const paths: ModelPath[] = [];
  let truncated = false;

  const walk = (at: string, path: ModelPath, takes: Map<string, number>) => {
    if (paths.length >= maxPaths) {
      truncated = true;
      return;
    }
    const steps = next.get(at) ?? [];
    if (steps.length === 0) {
      paths.push({ elementIds: [...path.elementIds], flowIds: [...path.flowIds] });
      return;
    }
    let moved = false;
    for (const step of steps) {
      const key = step.to;
      if ((takes.get(key) ?? 0) >= maxTakes) continue;
      moved = true;
      takes.set(key, (takes.get(key) ?? 0) + 1);
      path.elementIds.push(step.to);
      if (step.flowId) path.flowIds.push(step.flowId);
      walk(step.to, path, takes);
      path.elementIds.pop();
      if (step.flowId) path.flowIds.pop();
      takes.set(key, (takes.get(key) ?? 0) - 1);
    }
    // every way on re-enters an element often enough: the path ends here
    if (!moved) paths.push({ elementIds: [...path.elementIds], flowIds: [...path.flowIds] });
  };
  for (const start of starts) walk(start.id, { elementIds: [start.id], flowIds: [] }, new Map([[start.id, 1]]));
  return { processId: model.processId, paths, truncated };
}

function startsAPath(model: ProcessModel, start: ModelElement): boolean {
  if (!start.parentId) return true;
  return model.elements.find((e) => e.id === start.parentId)?.triggeredByEvent === true;
}

/** element id → where a walk may go next (see the file comment) */
function successors(model: ProcessModel): Map<string, Step[]> {
  const next = new Map<string, Step[]>();
  const add = (from: string, step: Step) => next.set(from, [...(next.get(from) ?? []), step]);
  for (const flow of model.flows) add(flow.sourceRef, { to: flow.targetRef, flowId: flow.id });
  for (const element of model.elements) {
    // a compensation boundary event is no way out of its activity: it only links the handler
    const leavesActivity = element.eventDefinition !== 'compensateEventDefinition';
    if (element.type === 'boundaryEvent' && element.attachedToRef && leavesActivity) {
      add(element.attachedToRef, { to: element.id });
    }
  }
  const byId = new Map(model.elements.map((e) => [e.id, e]));
  for (const sub of model.elements.filter((e) => e.parentId && !byId.get(e.parentId)?.triggeredByEvent)) {
    const parent = sub.parentId as string;
    if (sub.type === 'startEvent') {
      // entering the subprocess: its own flows out come after its content
      const after = next.get(parent) ?? [];
      next.set(parent, [{ to: sub.id }]);
      for (const inner of model.elements.filter((e) => e.parentId === parent)) {
        const leaves = (next.get(inner.id) ?? []).length === 0 && inner.type !== 'boundaryEvent';
        if (leaves && inner.id !== sub.id) for (const step of after) add(inner.id, step);
      }
    }
  }
  return next;
}

/** The paths no instance took whole: none reached all its elements and took all its flows. */
export function untestedPaths(
  explored: ExploredPaths,
  model: ProcessModel,
  instances: readonly InstanceCoverage[],
): ModelPath[] {
  const mine = instances
    .filter((i) => i.processDefinitionId === explored.processId)
    .map((i) => ({ elements: new Set(i.elementIds), flows: new Set(derivedFlows(i, model.flows)) }));
  return explored.paths.filter(
    (path) =>
      !mine.some(
        (i) => path.elementIds.every((id) => i.elements.has(id)) && path.flowIds.every((id) => i.flows.has(id)),
      ),
  );
}

/** one line per path: `start → task → end` */
export const formatPath = (path: ModelPath) => path.elementIds.join(' → ');

/**
 * A CPT JSON test case to start from for an untested path: create the instance, then assert the path's
 * elements completed in order. The driving steps (jobs, messages, variables choosing the branch) are for the
 * author to add; the description says so.
 */
export function pathSkeleton(processId: string, path: ModelPath, n: number) {
  const selector = { processDefinitionId: processId };
  return {
    name: `${processId} path ${n}: ${path.elementIds[path.elementIds.length - 1]}`,
    description: `TODO: drive the instance along ${formatPath(path)}`,
    instructions: [
      { type: 'CREATE_PROCESS_INSTANCE', processDefinitionSelector: selector, variables: {} },
      {
        type: 'ASSERT_ELEMENT_INSTANCES',
        processInstanceSelector: selector,
        elementSelectors: path.elementIds.map((elementId) => ({ elementId })),
        state: 'IS_COMPLETED_IN_ORDER',
      },
    ],
  };
}
