/**
 * Coverage gates: a threshold (`minCoverage`, percent: every model at least that covered) and a committed
 * baseline that coverage must not fall below ("not decreasing": each model's coverage is at least what the
 * baseline file recorded). The baseline file is JSON:
 *
 *   { "minCoverage": 90, "models": { "order-fulfilment": 1, "customer-onboarding": 0.95 } }
 *
 * `models` holds coverage as 0..1 per process id; a model the report has but the baseline lacks is not
 * compared (new models are added by updating the baseline: baselineOf(report)).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ProcessCoverageReport } from './coverage-report';

export interface CoverageBaseline {
  /** percent (0..100) every model must reach */
  minCoverage?: number;
  /** process id → the coverage (0..1) it must not fall below */
  models?: Record<string, number>;
}

/** tolerance for comparing fractions written to JSON and read back */
const EPSILON = 1e-9;
const percent = (fraction: number) => `${(Math.floor(fraction * 1000) / 10).toString()}%`;

/** Each way the report misses the gates, one line per model; empty when it passes. */
export function checkCoverage(report: ProcessCoverageReport, gates: CoverageBaseline): string[] {
  const failures: string[] = [];
  for (const model of report.models) {
    if (gates.minCoverage !== undefined && model.coverage * 100 + EPSILON < gates.minCoverage) {
      failures.push(
        `${model.processId}: coverage ${percent(model.coverage)} is below the minimum of ${gates.minCoverage}%`,
      );
    }
    const before = gates.models?.[model.processId];
    if (before !== undefined && model.coverage + EPSILON < before) {
      const missing = [
        ...model.elements.filter((e) => !e.reached).map((e) => e.id),
        ...model.flows.filter((f) => !f.taken).map((f) => f.id),
      ];
      failures.push(
        `${model.processId}: coverage fell from ${percent(before)} (baseline) to ${percent(model.coverage)}; not reached: ${missing.join(', ')}`,
      );
    }
  }
  return failures;
}

/** The baseline the report would set: its coverage per model, keeping the threshold given. */
export function baselineOf(report: ProcessCoverageReport, minCoverage?: number): CoverageBaseline {
  const models = Object.fromEntries(report.models.map((m) => [m.processId, m.coverage]));
  return { ...(minCoverage !== undefined ? { minCoverage } : {}), models };
}

/** reads a baseline file; a wrong shape fails naming the file and the field */
export function readCoverageBaseline(file: string): CoverageBaseline {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('must be a JSON object');
  const { minCoverage, models } = parsed as Record<string, unknown>;
  if (minCoverage !== undefined && (typeof minCoverage !== 'number' || minCoverage < 0 || minCoverage > 100)) {
    fail('minCoverage must be a percentage from 0 to 100');
  }
  if (models !== undefined) {
    if (typeof models !== 'object' || models === null || Array.isArray(models)) fail('models must be an object');
    for (const [id, value] of Object.entries(models as Record<string, unknown>)) {
      if (typeof value !== 'number' || value < 0 || value > 1) fail(`models.${id} must be a coverage from 0 to 1`);
    }
  }
  return parsed as CoverageBaseline;
}

export function writeCoverageBaseline(file: string, baseline: CoverageBaseline): void {
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}
