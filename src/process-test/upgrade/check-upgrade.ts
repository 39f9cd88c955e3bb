/**
 * Upgrade tests, Temporal's replay check in Camunda's terms: does a new version of a model strand the
 * instances already waiting on the deployed one? `checkUpgrade(pt, { processDefinitionId, newModelXml })`
 * starts instances on the deployed (latest) version, one per variables set, and drives each from wait state
 * to wait state as a worker would (jobs completed, user tasks completed, messages whose correlation key is a
 * variable published, timers skipped), recording every element an instance waited on; then it compares those
 * with the new model (stranded-elements.ts). The instances are cancelled afterwards and the clock reset.
 * `expectUpgradeStrandsNothing` is the same as a jest assertion that fails listing the stranded elements and a
 * migration mapping to start from.
 */
import { readProcessModels } from '../coverage/bpmn-model';
import { jobTypeAt } from '../cpt/instructions';
import { messageCatchers } from '../message-catchers';
import type { ProcessTest } from '../process-test';
import type { ElementInstanceItem } from '../rest-api';
import { formatStranding, type StrandingAnalysis, strandedBy } from './stranded-elements';

export interface UpgradeCheckOptions {
  processDefinitionId: string;
  /** the new version's BPMN XML */
  newModelXml: string;
  /** one instance per entry, started with those variables (choose the branches to walk); default [{}] */
  variables?: Record<string, unknown>[];
  /** wait states an instance is driven through at most (a loop ends there); default 25 */
  maxSteps?: number;
}

export interface UpgradeReport extends StrandingAnalysis {
  processDefinitionId: string;
  /** the elements the instances waited on, in the order first seen */
  waitedAt: string[];
  /** elements the driver could not move past (a call activity, a message whose key it cannot tell) */
  stuckAt: string[];
}

/** elements that wait on what is inside them: the driver moves what is inside */
const CONTAINERS = new Set([
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'AD_HOC_SUB_PROCESS',
  'PROCESS',
  'MULTI_INSTANCE_BODY',
]);

export async function checkUpgrade(pt: ProcessTest, options: UpgradeCheckOptions): Promise<UpgradeReport> {
  const [newModel] = readProcessModels(options.newModelXml).filter((m) => m.processId === options.processDefinitionId);
  if (!newModel) throw new Error(`checkUpgrade: the new model has no process '${options.processDefinitionId}'`);
  const waitedAt = new Set<string>();
  const stuckAt = new Set<string>();
  let oldXml: string | undefined;
  try {
    for (const variables of options.variables ?? [{}]) {
      const key = await pt.api.createProcessInstance(options.processDefinitionId, variables);
      pt.track(key);
      await pt.expectProcessInstance(key).toBeCreated();
      const instance = await pt.api.processInstance(key);
      oldXml ??= await pt.api.processDefinitionXml(String(instance?.processDefinitionKey));
      const walk = { pt, key, xml: oldXml, variables, waitedAt, stuckAt };
      await walkInstance(walk, options.maxSteps ?? 25);
      await pt.api.cancelProcessInstance(key).catch(() => undefined);
    }
  } finally {
    if (pt.clock.isPinned()) await pt.clock.reset();
  }
  const [oldModel] = readProcessModels(oldXml as string).filter((m) => m.processId === options.processDefinitionId);
  return {
    processDefinitionId: options.processDefinitionId,
    waitedAt: [...waitedAt],
    stuckAt: [...stuckAt],
    ...strandedBy(oldModel, newModel, waitedAt),
  };
}

/** jest: fails listing the stranded elements and the suggested mapping; resolves with the report */
export async function expectUpgradeStrandsNothing(
  pt: ProcessTest,
  options: UpgradeCheckOptions,
): Promise<UpgradeReport> {
  const report = await checkUpgrade(pt, options);
  if (report.stranded.length > 0) throw new Error(formatStranding(options.processDefinitionId, report));
  return report;
}

interface Walk {
  pt: ProcessTest;
  key: string;
  xml: string;
  variables: Record<string, unknown>;
  waitedAt: Set<string>;
  stuckAt: Set<string>;
}

async function walkInstance(walk: Walk, maxSteps: number): Promise<void> {
  for (let step = 0; step < maxSteps; step++) {
    const active = await waitingElements(walk);
    if (!active) return;
    for (const e of active) walk.waitedAt.add(e.elementId);
    const leaves = active.filter((e) => !CONTAINERS.has(e.type));
    if (!(await advance(walk, leaves))) {
      for (const e of leaves) walk.stuckAt.add(e.elementId);
      return;
    }
  }
}

/** the active elements once the instance stopped moving; undefined once it ended */
async function waitingElements(walk: Walk): Promise<ElementInstanceItem[] | undefined> {
  const read = async () => {
    const instance = await walk.pt.api.processInstance(walk.key);
    if (instance?.state !== 'ACTIVE') return undefined;
    return (await walk.pt.elementHistory(walk.key)).filter((e) => e.state === 'ACTIVE');
  };
  const fingerprint = (rows: ElementInstanceItem[] | undefined) => rows?.map((e) => e.elementInstanceKey).join() ?? '';
  let last = await read();
  // moving on: an element just completed may not have handed over to the next one yet
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await read();
    if (fingerprint(now) === fingerprint(last) && (now === undefined || now.length > 0)) return now;
    last = now;
  }
  return last;
}

/** one step past a wait state: a job, a user task, a message, else a timer; false when none can be moved */
async function advance(walk: Walk, leaves: ElementInstanceItem[]): Promise<boolean> {
  const { pt, key } = walk;
  for (const e of leaves) {
    const jobType = jobTypeAt(walk.xml, e.elementId);
    if (jobType) {
      await pt.completeJob(jobType, {}, { processInstanceKey: key, elementId: e.elementId });
      return true;
    }
    if (e.type === 'USER_TASK') {
      await pt.completeUserTask({ elementId: e.elementId, processInstanceKey: key });
      return true;
    }
  }
  const catchers = messageCatchers(walk.xml);
  for (const e of leaves) {
    const catcher = catchers.find((c) => c.elementId === e.elementId || c.attachedToRef === e.elementId);
    const variable = catcher?.correlationKey?.match(/^=\s*([A-Za-z_]\w*)\s*$/)?.[1];
    if (catcher && variable && walk.variables[variable] !== undefined) {
      const correlationKey = String(walk.variables[variable]);
      await pt.api.publishMessage({ name: catcher.messageName, correlationKey });
      return true;
    }
  }
  return (await pt.clock.skipToNextTimer(key).catch(() => undefined)) !== undefined;
}
