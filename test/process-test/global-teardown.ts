/**
 * Jest globalTeardown: merges the coverage parts the process suites wrote (createProcessTest's
 * writeCoverage) with the models in bpmn/, writes coverage/process/coverage.json, index.html and the diagram
 * pages, and prints the coverage table. A run without process suites (no parts) prints nothing.
 *
 * Then the gates (src/process-test/coverage/coverage-check.ts) of the baseline file
 * (PROCESS_COVERAGE_BASELINE, default test/process-coverage-baseline.json): its minCoverage and, per model,
 * coverage not below the recorded one. They apply to a full run only (no path or name pattern: a run of one
 * file covers less by design), or always with PROCESS_COVERAGE_CHECK=always (never with =never); a miss fails
 * the run. PROCESS_COVERAGE_UPDATE_BASELINE=1 records this run's coverage as the new baseline instead.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  baselineOf,
  checkCoverage,
  readCoverageBaseline,
  writeCoverageBaseline,
} from '../../src/process-test/coverage/coverage-check';
import { formatCoverageTable } from '../../src/process-test/coverage/coverage-report';
import {
  clearCoverageParts,
  defaultCoverageDir,
  writeCoverageReport,
} from '../../src/process-test/coverage/report-files';

/** the parts of jest's globalConfig that say whether the run is a full one */
export interface RunSelection {
  testPathPattern?: string;
  testNamePattern?: string;
  onlyChanged?: boolean;
  findRelatedTests?: boolean;
  nonFlagArgs?: string[];
}

const DEFAULT_BASELINE = path.join(__dirname, '..', 'process-coverage-baseline.json');

export function isFullRun(selection: RunSelection | undefined): boolean {
  if (!selection) return false;
  return (
    !selection.testPathPattern &&
    !selection.testNamePattern &&
    !selection.onlyChanged &&
    !selection.findRelatedTests &&
    (selection.nonFlagArgs ?? []).length === 0
  );
}

export default function reportProcessCoverage(selection?: RunSelection, env = process.env): void {
  const dir = defaultCoverageDir();
  const report = writeCoverageReport(dir, path.join(__dirname, '..', '..', 'bpmn'));
  clearCoverageParts(dir);
  if (!report) return;
  console.log(
    `\n${formatCoverageTable(report)}\n  report: ${path.relative(process.cwd(), path.join(dir, 'index.html'))}\n`,
  );

  const baselineFile = env.PROCESS_COVERAGE_BASELINE ?? DEFAULT_BASELINE;
  const baseline = existsSync(baselineFile) ? readCoverageBaseline(baselineFile) : {};
  if (env.PROCESS_COVERAGE_UPDATE_BASELINE === '1') {
    writeCoverageBaseline(baselineFile, baselineOf(report, baseline.minCoverage));
    console.log(`  process coverage baseline written: ${path.relative(process.cwd(), baselineFile)}\n`);
    return;
  }
  const check = env.PROCESS_COVERAGE_CHECK;
  if (check === 'never' || (check !== 'always' && !isFullRun(selection))) return;
  const min = env.PROCESS_COVERAGE_MIN === undefined ? baseline.minCoverage : Number(env.PROCESS_COVERAGE_MIN);
  if (min !== undefined && !(min >= 0 && min <= 100)) {
    throw new Error(`PROCESS_COVERAGE_MIN must be a percentage from 0 to 100, got '${env.PROCESS_COVERAGE_MIN}'`);
  }
  const failures = checkCoverage(report, { ...baseline, minCoverage: min });
  if (failures.length > 0) {
    throw new Error(
      `Process coverage gates failed (${path.relative(process.cwd(), baselineFile)}):\n  ${failures.join('\n  ')}`,
    );
  }
}
