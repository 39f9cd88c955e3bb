/**
 * Coverage of one model per test file and per test case, as Camunda Process Test reports it per test class
 * and per test method: which elements and flows the instances each test looked at reached. An instance
 * counts for the test that first looked at it (process-test.ts records it); instances looked at outside a
 * test (beforeAll) count for their file only.
 */
import type { ProcessModel } from './bpmn-model';
import { derivedFlows, type InstanceCoverage } from './instance-coverage';

export interface TestCoverage {
  /** the test file, relative to the working directory */
  file: string;
  /** the test case's full name; absent for a whole file */
  name?: string;
  instances: number;
  elementIds: string[];
  flowIds: string[];
  /** (elements reached + flows taken) / (elements + flows), 0..1 */
  coverage: number;
}

export function coverageByTest(
  model: ProcessModel,
  instances: readonly InstanceCoverage[],
): { files: TestCoverage[]; tests: TestCoverage[] } {
  const byFile = new Map<string, InstanceCoverage[]>();
  const byCase = new Map<string, { file: string; name: string; instances: InstanceCoverage[] }>();
  for (const instance of instances) {
    if (!instance.test) continue;
    const { file, name } = instance.test;
    byFile.set(file, [...(byFile.get(file) ?? []), instance]);
    if (!name) continue;
    const key = `${file}\u0000${name}`;
    const entry = byCase.get(key) ?? { file, name, instances: [] };
    entry.instances.push(instance);
    byCase.set(key, entry);
  }
  const sortBy = (a: TestCoverage, b: TestCoverage) =>
    a.file.localeCompare(b.file) || (a.name ?? '').localeCompare(b.name ?? '');
  return {
    files: [...byFile].map(([file, list]) => summarise(model, file, undefined, list)).sort(sortBy),
    tests: [...byCase.values()].map((c) => summarise(model, c.file, c.name, c.instances)).sort(sortBy),
  };
}

function summarise(
  model: ProcessModel,
  file: string,
  name: string | undefined,
  instances: readonly InstanceCoverage[],
): TestCoverage {
  const known = new Set(model.elements.map((e) => e.id));
  const knownFlows = new Set(model.flows.map((f) => f.id));
  const elementIds = [...new Set(instances.flatMap((i) => i.elementIds))].filter((id) => known.has(id)).sort();
  const flowIds = [...new Set(instances.flatMap((i) => derivedFlows(i, model.flows)))]
    .filter((id) => knownFlows.has(id))
    .sort();
  const total = model.elements.length + model.flows.length;
  return {
    file,
    ...(name !== undefined ? { name } : {}),
    instances: instances.length,
    elementIds,
    flowIds,
    coverage: total === 0 ? 1 : (elementIds.length + flowIds.length) / total,
  };
}
