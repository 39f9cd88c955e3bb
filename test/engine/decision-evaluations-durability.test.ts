/**
 * Issue 21: decision evaluations are journaled commands and engine state. A restart replays them into the same
 * evaluation keys and decision instances (a later evaluation then gets the next key, not a reused one); a
 * snapshot holds them and restores them with no journal records after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, openEngine } from '../../src/engine/engine';
import { limitsDmn } from '../gateway/decisions/limits-dmn';
import { recordingLogger, silent } from './snapshot-fixture';

// (a replay runs at its record's time, taken just before the command ran live: the date may differ by a ms)
const evaluationsOf = (e: Engine) =>
  [...(e.listDecisionEvaluations?.() ?? [])].map(({ evaluationDate, ...rest }) => {
    expect(Math.abs(Date.parse(evaluationDate) - Date.now())).toBeLessThan(60_000);
    return rest;
  });

describe('decision evaluations survive a restart', () => {
  let dir: string;
  let engine: Engine | undefined;
  const reopen = async (logger = silent) => {
    engine?.close();
    engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
    return engine;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-evaluations-'));
  });
  afterEach(() => {
    engine?.close();
    engine = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const evaluateTwice = async (e: Engine) => {
    await e.deploy([{ name: 'limits.dmn', content: limitsDmn() }]);
    const ok = e.evaluateDecision({ decisionId: 'approval' }, { amount: 70 });
    const failed = e.evaluateDecision({ decisionId: 'approval' }, { amount: 10 });
    await e.durable?.();
    return [ok, failed];
  };

  test('journal replay: the same keys, outputs, failures and decision instances', async () => {
    let e = await reopen();
    const [ok, failed] = await evaluateTwice(e);
    expect(ok.output).toEqual({ ok: true, limit: 'small' });
    expect(failed.failedDecisionId).toBe('limit');
    const before = evaluationsOf(e);
    expect(before.map((v) => v.decisionEvaluationKey)).toEqual([
      ok.decisionEvaluationKey,
      failed.decisionEvaluationKey,
    ]);

    e = await reopen();
    expect(evaluationsOf(e)).toEqual(before);
    const next = e.evaluateDecision({ decisionId: 'approval' }, { amount: 70 });
    expect(BigInt(next.decisionEvaluationKey)).toBeGreaterThan(BigInt(failed.decisionEvaluationKey));
  });

  test('snapshot: the evaluations restore from it alone', async () => {
    let e = await reopen();
    await evaluateTwice(e);
    const before = evaluationsOf(e);
    expect(e.snapshot()).toBe(true);
    const log = recordingLogger();
    e = await reopen(log.logger);
    expect(log.lines.find((l) => l.msg === 'engine state restored from snapshot and journal')?.snapshot).toBeDefined();
    expect(evaluationsOf(e)).toEqual(before);
  });
});
