/**
 * What one running CPT test case knows: the toolkit, the instances it created (the process instance
 * selector `{ processDefinitionId }` means the newest of these, as in CPT a case tests the instance it
 * started), and the mock workers it started (stopped when the case ends).
 */
import type { MockJobWorker } from '../mock-job-worker';
import type { ProcessInstanceAssert } from '../process-instance-assert';
import type { ProcessTest } from '../process-test';

export interface CaseContext {
  pt: ProcessTest;
  created: { processInstanceKey: string; processDefinitionId: string }[];
  mocks: MockJobWorker[];
}

export interface ProcessInstanceSelector {
  processDefinitionId?: string;
  /** not in CPT's schema: a key, for cases written here */
  processInstanceKey?: string;
}

/** The instance a selector means: a key; else the newest instance of that process this case created or can find. */
export async function selectInstance(ctx: CaseContext, selector?: ProcessInstanceSelector): Promise<string> {
  if (selector?.processInstanceKey) return String(selector.processInstanceKey);
  const id = selector?.processDefinitionId;
  const mine = ctx.created.filter((c) => id === undefined || c.processDefinitionId === id);
  if (mine.length > 0) return mine[mine.length - 1].processInstanceKey;
  if (id === undefined) throw new Error('no process instance selector, and the test case created no instance yet');
  // e.g. a child instance a call activity started: the newest instance of that process on the cluster
  const deadline = Date.now() + ctx.pt.timeoutMs;
  for (;;) {
    const found = await ctx.pt.api.searchProcessInstances({ processDefinitionId: id });
    if (found.length > 0) return String(found[found.length - 1].processInstanceKey);
    if (Date.now() >= deadline) throw new Error(`no process instance of '${id}' within ${ctx.pt.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function expectInstance(
  ctx: CaseContext,
  selector?: ProcessInstanceSelector,
): Promise<ProcessInstanceAssert> {
  return ctx.pt.expectProcessInstance(await selectInstance(ctx, selector));
}
