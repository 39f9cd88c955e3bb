/**
 * The process coverage report: for each model, which elements the tests' instances entered and which
 * sequence flows they took, merged over every instance of that process id (any version). Elements count as
 * reached when any instance entered them (see instance-coverage.ts); flows as the server listed them, or
 * derived from element history where it could not.
 */
import type { ModelElement, ModelFlow, ProcessModel } from './bpmn-model';
import { derivedFlows, type InstanceCoverage } from './instance-coverage';
import { coverageByTest, type TestCoverage } from './test-breakdown';

export interface ElementCoverage extends ModelElement {
  reached: boolean;
  /** how many of the instances entered it */
  instances: number;
}

export interface FlowCoverage extends ModelFlow {
  taken: boolean;
  instances: number;
}

export interface ModelCoverage {
  processId: string;
  name?: string;
  /** the model file, relative to where the report was made */
  file: string;
  instances: number;
  elements: ElementCoverage[];
  flows: FlowCoverage[];
  elementsReached: number;
  flowsTaken: number;
  /** (elements reached + flows taken) / (elements + flows), 0..1 */
  coverage: number;
  /** true when some instance's flows were derived from its element history */
  flowsDerived: boolean;
  /** what the instances of each test file reached (test-breakdown.ts) */
  files: TestCoverage[];
  /** what the instances of each test case reached */
  tests: TestCoverage[];
}

export interface ProcessCoverageReport {
  generatedAt: string;
  models: ModelCoverage[];
}

export interface ModelSource {
  file: string;
  models: ProcessModel[];
}

export function buildCoverageReport(
  sources: readonly ModelSource[],
  instances: readonly InstanceCoverage[],
): ProcessCoverageReport {
  const models = sources.flatMap((source) =>
    source.models.map((model) =>
      modelCoverage(
        source.file,
        model,
        instances.filter((i) => i.processDefinitionId === model.processId),
      ),
    ),
  );
  return { generatedAt: new Date().toISOString(), models };
}

function modelCoverage(file: string, model: ProcessModel, instances: readonly InstanceCoverage[]): ModelCoverage {
  const elementHits = countHits(instances.map((i) => i.elementIds));
  const flowHits = countHits(instances.map((i) => derivedFlows(i, model.flows)));
  const elements = model.elements.map((e) => ({
    ...e,
    reached: elementHits.has(e.id),
    instances: elementHits.get(e.id) ?? 0,
  }));
  const flows = model.flows.map((f) => ({ ...f, taken: flowHits.has(f.id), instances: flowHits.get(f.id) ?? 0 }));
  const elementsReached = elements.filter((e) => e.reached).length;
  const flowsTaken = flows.filter((f) => f.taken).length;
  const total = elements.length + flows.length;
  return {
    processId: model.processId,
    ...(model.name ? { name: model.name } : {}),
    file,
    instances: instances.length,
    elements,
    flows,
    elementsReached,
    flowsTaken,
    coverage: total === 0 ? 1 : (elementsReached + flowsTaken) / total,
    flowsDerived: instances.some((i) => !i.flowIds),
    ...coverageByTest(model, instances),
  };
}

/** id → how many of the lists hold it */
function countHits(lists: readonly string[][]): Map<string, number> {
  const hits = new Map<string, number>();
  for (const ids of lists) for (const id of new Set(ids)) hits.set(id, (hits.get(id) ?? 0) + 1);
  return hits;
}

const percent = (n: number, of: number) => (of === 0 ? '100%' : `${Math.floor((n / of) * 100)}%`);

/** The table printed after the suite, plus one line per model naming what was not reached. */
export function formatCoverageTable(report: ProcessCoverageReport): string {
  const header = ['process', 'instances', 'elements', 'sequence flows', 'coverage'];
  const rows = report.models.map((m) => [
    m.processId,
    String(m.instances),
    `${m.elementsReached}/${m.elements.length} (${percent(m.elementsReached, m.elements.length)})`,
    `${m.flowsTaken}/${m.flows.length} (${percent(m.flowsTaken, m.flows.length)})${m.flowsDerived ? ' derived' : ''}`,
    `${Math.floor(m.coverage * 100)}%`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const missing = report.models.flatMap((m) => {
    const elements = m.elements.filter((e) => !e.reached).map((e) => e.id);
    const flows = m.flows.filter((f) => !f.taken).map((f) => f.id);
    return [
      ...(elements.length > 0 ? [`  ${m.processId}: elements not reached: ${elements.join(', ')}`] : []),
      ...(flows.length > 0 ? [`  ${m.processId}: sequence flows not taken: ${flows.join(', ')}`] : []),
    ];
  });
  return ['Process coverage', line(header), rule, ...rows.map(line), ...missing].join('\n');
}
