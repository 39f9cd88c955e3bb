/**
 * CPT's decision instructions: EVALUATE_DECISION (`POST /v2/decision-definitions/evaluation` with the
 * variables) and ASSERT_DECISION (the newest decision instance the selector picks — by id or name — was
 * evaluated, with this output, these rules matched by their 1-based index, those not, or none). The
 * assertion re-reads until it holds or the toolkit's timeout passes, as decision instances are searched in
 * secondary storage.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseJson } from '../rest-call';
import type { DecisionInstanceItem } from '../rest-commands';
import type { CaseContext } from './case-context';
import type { CptInstruction } from './test-case';

interface DecisionSelector {
  decisionDefinitionId?: string;
  decisionDefinitionName?: string;
}

export async function evaluateDecision(ctx: CaseContext, i: CptInstruction): Promise<void> {
  const selector = i.decisionDefinitionSelector as { decisionDefinitionId?: string } | undefined;
  if (!selector?.decisionDefinitionId)
    throw new Error("EVALUATE_DECISION needs 'decisionDefinitionSelector.decisionDefinitionId'");
  const result = await ctx.pt.api.evaluateDecision(
    selector.decisionDefinitionId,
    (i.variables as Record<string, unknown>) ?? {},
  );
  if (result.failureMessage) throw new Error(`EVALUATE_DECISION: the decision failed: ${result.failureMessage}`);
}

export async function assertDecision(ctx: CaseContext, i: CptInstruction): Promise<void> {
  const selector = (i.decisionSelector ?? {}) as DecisionSelector;
  if (!selector.decisionDefinitionId && !selector.decisionDefinitionName) {
    throw new Error("ASSERT_DECISION needs 'decisionSelector' with a decisionDefinitionId or decisionDefinitionName");
  }
  const shown = selector.decisionDefinitionId ?? `name '${selector.decisionDefinitionName}'`;
  const deadline = Date.now() + ctx.pt.timeoutMs;
  let problem = '';
  for (;;) {
    problem = await whatIsWrong(ctx, selector, i);
    if (!problem) return;
    if (Date.now() >= deadline)
      throw new Error(`ASSERT_DECISION ${shown} failed within ${ctx.pt.timeoutMs} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** '' when the newest matching decision instance meets the instruction, else why not */
async function whatIsWrong(ctx: CaseContext, selector: DecisionSelector, i: CptInstruction): Promise<string> {
  const filter = selector.decisionDefinitionId
    ? { decisionDefinitionId: selector.decisionDefinitionId }
    : { decisionDefinitionName: selector.decisionDefinitionName };
  const found: DecisionInstanceItem[] = await ctx.pt.api.searchDecisionInstances(filter);
  const newest = found
    .sort((a, b) => compareKeys(a.decisionEvaluationInstanceKey, b.decisionEvaluationInstanceKey))
    .at(-1);
  if (!newest) return 'no decision instance found';
  if (newest.state !== 'EVALUATED')
    return `the decision is ${newest.state}${newest.evaluationFailure ? `: ${newest.evaluationFailure}` : ''}`;
  if (i.output !== undefined) {
    const output = parseJson(newest.result ?? 'null');
    if (!isDeepStrictEqual(output, i.output))
      return `output ${JSON.stringify(output)}, expected ${JSON.stringify(i.output)}`;
  }
  const expectsRules = i.matchedRules !== undefined || i.notMatchedRules !== undefined || i.noMatchedRules === true;
  if (!expectsRules) return '';
  const detail = await ctx.pt.api.decisionInstance(newest.decisionEvaluationInstanceKey);
  const matched = (detail.matchedRules ?? []).map((r) => r.ruleIndex);
  const shownRules = `matched rules [${matched.join(', ')}]`;
  if (i.noMatchedRules === true && matched.length > 0) return `${shownRules}, expected none`;
  const missing = ((i.matchedRules as number[] | undefined) ?? []).filter((n) => !matched.includes(n));
  if (missing.length > 0) return `${shownRules}, expected [${missing.join(', ')}] among them`;
  const unexpected = ((i.notMatchedRules as number[] | undefined) ?? []).filter((n) => matched.includes(n));
  if (unexpected.length > 0) return `${shownRules}, expected [${unexpected.join(', ')}] not among them`;
  return '';
}

/** decision instance keys are `<evaluationKey>-<n>`: by evaluation, then by n */
function compareKeys(a: string, b: string): number {
  const [ea, na] = a.split('-').map((p) => BigInt(p || '0'));
  const [eb, nb] = b.split('-').map((p) => BigInt(p || '0'));
  return ea === eb ? Number((na ?? 0n) - (nb ?? 0n)) : ea < eb ? -1 : 1;
}
