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
  let before = '';
  for (let step = 0; step < maxSteps; step++) {
    const active = await waitingElements(walk, before);
    if (!active) return;
    for (const e of active.rows) walk.waitedAt.add(e.elementId);
    const leaves = active.rows.filter((e) => !CONTAINERS.has(e.type));
    before = active.fingerprint;
    if (!(await advance(walk, leaves))) {
      for (const e of leaves) walk.stuckAt.add(e.elementId);
      return;
    }
  }
}

/**
 * The active elements once the instance stopped moving; undefined once it ended. `before` is the history
 * the last step acted on: a lagging cluster still shows it for a while, so it does not count as stopped.
 */
async function waitingElements(
  walk: Walk,
  before: string,
): Promise<{ rows: ElementInstanceItem[]; fingerprint: string } | undefined> {
  const read = async () => {
    const instance = await walk.pt.api.processInstance(walk.key);
    if (instance?.state !== 'ACTIVE') return undefined;
    const history = await walk.pt.elementHistory(walk.key);
    const fingerprint = history.map((e) => `${e.elementInstanceKey}:${e.state}`).join();
    return { rows: history.filter((e) => e.state === 'ACTIVE'), fingerprint };
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.max(50, walk.pt.settleMs)));
  const deadline = Date.now() + walk.pt.timeoutMs;
  let last = await read();
  for (;;) {
    await pause();
    const now = await read();
    const settled = now?.fingerprint === last?.fingerprint && now?.fingerprint !== before;
    if (now === undefined || (settled && now.rows.length > 0)) return now;
    if (Date.now() > deadline) {
      throw new Error(`checkUpgrade: instance ${walk.key} did not move on within ${walk.pt.timeoutMs} ms`);
    }
    last = now;
  }
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
