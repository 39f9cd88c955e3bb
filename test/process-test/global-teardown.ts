/**
 * Jest globalTeardown: merges the coverage parts the process suites wrote (createProcessTest's
 * writeCoverage) with the models in bpmn/, writes coverage/process/coverage.json and index.html, and prints
 * the coverage table. A run without process suites (no parts) prints nothing.
 */
import path from 'node:path';
import { formatCoverageTable } from '../../src/process-test/coverage/coverage-report';
import {
  clearCoverageParts,
  defaultCoverageDir,
  writeCoverageReport,
} from '../../src/process-test/coverage/report-files';

export default function reportProcessCoverage(): void {
  const dir = defaultCoverageDir();
  const report = writeCoverageReport(dir, path.join(__dirname, '..', '..', 'bpmn'));
  clearCoverageParts(dir);
  if (!report) return;
  console.log(
    `\n${formatCoverageTable(report)}\n  report: ${path.relative(process.cwd(), path.join(dir, 'index.html'))}\n`,
  );
}
