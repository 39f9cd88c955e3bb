/**
 * The user models in test/fixtures/models/ are what the Camunda Modeler saves for Camunda 8.8: they parse
 * with the zeebe extension, lint without errors (the project's .bpmnlintrc), and carry a diagram shape for
 * every flow element and boundary event and an edge for every sequence flow and association.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { lintBpmnText, parseBpmn } from '../bpmn/bpmn-files';

const MODELS_DIR = path.join(__dirname, '..', 'fixtures', 'models');
const files = readdirSync(MODELS_DIR)
  .filter((f) => f.endsWith('.bpmn'))
  .sort();

// biome-ignore lint/suspicious/noExplicitAny: walking bpmn-moddle's untyped element tree.
type El = any;

function flowElements(container: El, into: El[] = []): El[] {
  for (const el of container.flowElements ?? []) {
    into.push(el);
    if (el.$type === 'bpmn:SubProcess') flowElements(el, into);
  }
  for (const artifact of container.artifacts ?? []) into.push(artifact);
  return into;
}

describe('user models (test/fixtures/models)', () => {
  it('are at least ten', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s is a Camunda 8.8 model that lints without errors', async (file) => {
    const xml = readFileSync(path.join(MODELS_DIR, file), 'utf8');
    const { definitions, warnings } = await parseBpmn(xml);
    expect(warnings).toEqual([]);
    expect(definitions.$attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
    expect(definitions.$attrs['modeler:executionPlatformVersion']).toBe('8.8.0');
    const errors = (await lintBpmnText(xml, file)).filter((p) => p.category === 'error');
    expect(errors.map((p) => `${p.elementId ?? '-'} ${p.rule}: ${p.message}`)).toEqual([]);
  });

  it.each(files)('%s has diagram layout for every flow element, flow and association', async (file) => {
    const { definitions } = await parseBpmn(readFileSync(path.join(MODELS_DIR, file), 'utf8'));
    const process = definitions.rootElements.find((e: El) => e.$type === 'bpmn:Process');
    const plane = definitions.diagrams[0].plane;
    expect(plane.bpmnElement.id).toBe(process.id);
    const shapes = new Set<string>();
    const edges = new Set<string>();
    for (const di of plane.planeElement) {
      if (di.$type === 'bpmndi:BPMNShape' && di.bounds.width > 0 && di.bounds.height > 0) shapes.add(di.bpmnElement.id);
      if (di.$type === 'bpmndi:BPMNEdge' && di.waypoint.length >= 2) edges.add(di.bpmnElement.id);
    }
    const elements = flowElements(process);
    expect(elements.length).toBeGreaterThan(3);
    const missing = elements
      .filter((el) => {
        const isConnection = el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:Association';
        return isConnection ? !edges.has(el.id) : !shapes.has(el.id);
      })
      .map((el) => `${el.$type} ${el.id}`);
    expect(missing).toEqual([]);
  });
});
