/**
 * Where the coverage report lives on disk, for jest running suites in parallel workers: each suite writes
 * its instances to `<dir>/parts/<run>/<suite>-<pid>-<n>.json`; once every suite is done (jest's
 * globalTeardown) the run's parts are merged with the models of a BPMN directory into `<dir>/coverage.json`
 * and `<dir>/index.html`. `<dir>` is PROCESS_COVERAGE_DIR, by default coverage/process under the working
 * directory; `<run>` is PROCESS_COVERAGE_RUN, which jest's globalSetup sets (workers inherit it), so two
 * jest runs in one tree never mix or delete each other's parts.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readProcessModels } from './bpmn-model';
import { buildCoverageReport, type ProcessCoverageReport } from './coverage-report';
import { diagramFileName, renderDiagramPage, VIEWER_ASSETS } from './diagram-page';
import { renderCoverageHtml } from './html-report';
import type { InstanceCoverage } from './instance-coverage';

export interface CoveragePart {
  suite: string;
  instances: InstanceCoverage[];
}

export const defaultCoverageDir = () =>
  process.env.PROCESS_COVERAGE_DIR ?? path.join(process.cwd(), 'coverage', 'process');

const partsDir = (dir: string) => path.join(dir, 'parts', process.env.PROCESS_COVERAGE_RUN ?? 'default');
const STALE_MS = 24 * 60 * 60 * 1000;
let written = 0;

export function writeCoveragePart(dir: string, part: CoveragePart): string {
  mkdirSync(partsDir(dir), { recursive: true });
  const safe = part.suite.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
  const file = path.join(partsDir(dir), `${safe}-${process.pid}-${written++}.json`);
  writeFileSync(file, JSON.stringify(part));
  return file;
}

export function readCoverageParts(dir: string): CoveragePart[] {
  let files: string[];
  try {
    files = readdirSync(partsDir(dir)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(path.join(partsDir(dir), f), 'utf8')) as CoveragePart);
}

/** Starts a run (jest's globalSetup): a fresh parts directory, and those of runs a day old (crashed) removed. */
export function startCoverageRun(dir: string): string {
  const run = `${Date.now()}-${process.pid}`;
  process.env.PROCESS_COVERAGE_RUN = run;
  let runs: string[] = [];
  try {
    runs = readdirSync(path.join(dir, 'parts'));
  } catch {
    // no parts yet
  }
  for (const old of runs) {
    const started = Number(old.split('-')[0]);
    if (old === 'default' || (Number.isFinite(started) && Date.now() - started > STALE_MS)) {
      rmSync(path.join(dir, 'parts', old), { recursive: true, force: true });
    }
  }
  return run;
}

/** Removes this run's parts (after the report is written). */
export function clearCoverageParts(dir: string): void {
  rmSync(partsDir(dir), { recursive: true, force: true });
}

/** Merges the parts with the *.bpmn models of bpmnDir; writes coverage.json and index.html; undefined without parts. */
export function writeCoverageReport(dir: string, bpmnDir: string): ProcessCoverageReport | undefined {
  const parts = readCoverageParts(dir);
  if (parts.length === 0) return undefined;
  const sources = readdirSync(bpmnDir)
    .filter((f) => f.endsWith('.bpmn'))
    .sort()
    .map((f) => {
      const xml = readFileSync(path.join(bpmnDir, f), 'utf8');
      return { file: path.relative(process.cwd(), path.join(bpmnDir, f)), xml, models: readProcessModels(xml) };
    });
  const report = buildCoverageReport(
    sources,
    parts.flatMap((p) => p.instances),
  );
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'coverage.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, 'index.html'), renderCoverageHtml(report));
  writeDiagramPages(dir, report, new Map(sources.map((s) => [s.file, s.xml])));
  return report;
}

/** `<dir>/diagrams/<process>.html` per model, and the bpmn-js viewer they load copied beside them */
function writeDiagramPages(dir: string, report: ProcessCoverageReport, xmlByFile: Map<string, string>): void {
  const diagrams = path.join(dir, 'diagrams');
  const bpmnJs = path.join(path.dirname(require.resolve('bpmn-js/package.json')), 'dist');
  for (const asset of VIEWER_ASSETS) {
    cpSync(path.join(bpmnJs, asset), path.join(diagrams, 'assets', path.basename(asset)), { recursive: true });
  }
  for (const model of report.models) {
    const xml = xmlByFile.get(model.file);
    if (xml) writeFileSync(path.join(diagrams, diagramFileName(model.processId)), renderDiagramPage(model, xml));
  }
}
