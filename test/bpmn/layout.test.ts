/**
 * The models carry a complete, readable diagram (they render in bpmn-js and Operate): every flow element,
 * boundary event, sequence flow and association has DI; shapes do not overlap (apart from boundary events
 * on their host and elements inside their sub-process); flows run left to right or straight up/down.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bpmnFiles, parseBpmn } from './bpmn-files';

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

// biome-ignore lint/suspicious/noExplicitAny: walking bpmn-moddle's untyped element tree.
type El = any;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function collect(container: El, into: El[] = []): El[] {
  for (const el of container.flowElements ?? []) {
    into.push(el);
    if (el.$type === 'bpmn:SubProcess') collect(el, into);
  }
  for (const artifact of container.artifacts ?? []) into.push(artifact);
  return into;
}

describe.each(bpmnFiles().map((f) => [path.basename(f), f]))('%s diagram', (_name, file) => {
  let elements: El[];
  let shapes: Map<string, Box>;
  let edges: Map<string, { x: number; y: number }[]>;
  let labels: Box[];

  beforeAll(async () => {
    const { definitions } = await parseBpmn(readFileSync(file, 'utf8'));
    const process = definitions.rootElements.find((e: El) => e.$type === 'bpmn:Process');
    elements = collect(process);
    const plane = definitions.diagrams[0].plane;
    expect(plane.bpmnElement.id).toBe(process.id);
    shapes = new Map();
    edges = new Map();
    labels = [];
    for (const di of plane.planeElement) {
      if (di.$type === 'bpmndi:BPMNShape') {
        const { x, y, width, height } = di.bounds;
        shapes.set(di.bpmnElement.id, { id: di.bpmnElement.id, x, y, width, height });
        if (di.label?.bounds) labels.push({ id: `${di.bpmnElement.id} label`, ...di.label.bounds });
      } else if (di.$type === 'bpmndi:BPMNEdge') {
        edges.set(
          di.bpmnElement.id,
          di.waypoint.map((p: El) => ({ x: p.x, y: p.y })),
        );
      }
    }
  });

  it('has a shape for every node and an edge for every flow and association', () => {
    const missing = elements
      .filter((el) => {
        const isConnection = el.$type === 'bpmn:SequenceFlow' || el.$type === 'bpmn:Association';
        return isConnection ? !edges.has(el.id) : !shapes.has(el.id);
      })
      .map((el) => `${el.$type} ${el.id}`);
    expect(missing).toEqual([]);
  });

  it('has no overlapping shapes or labels', () => {
    const boxes = [...shapes.values(), ...labels];
    const byId = new Map(elements.map((el) => [el.id, el]));
    const allowed = (a: Box, b: Box) => {
      const ea = byId.get(a.id);
      const eb = byId.get(b.id);
      // a boundary event sits on its host's border
      if (ea?.attachedToRef?.id === b.id || eb?.attachedToRef?.id === a.id) return true;
      // elements and labels inside an (event) sub-process
      if (ea?.$type === 'bpmn:SubProcess' && inside(b, a)) return true;
      if (eb?.$type === 'bpmn:SubProcess' && inside(a, b)) return true;
      return false;
    };
    const clashes: string[] = [];
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) if (overlaps(a, b) && !allowed(a, b)) clashes.push(`${a.id} / ${b.id}`);
    });
    expect(clashes).toEqual([]);
  });

  it('draws sequence flows from their source to their target, never backwards', () => {
    const problems: string[] = [];
    for (const el of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
      const points = edges.get(el.id) ?? [];
      const source = shapes.get(el.sourceRef.id)!;
      const target = shapes.get(el.targetRef.id)!;
      const first = points[0];
      const last = points[points.length - 1];
      const touches = (p: { x: number; y: number }, b: Box) =>
        p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
      if (points.length < 2) problems.push(`${el.id} has ${points.length} waypoints`);
      else if (!touches(first, source)) problems.push(`${el.id} does not start at ${el.sourceRef.id}`);
      else if (!touches(last, target)) problems.push(`${el.id} does not end at ${el.targetRef.id}`);
      for (let i = 1; i < points.length; i++) {
        if (points[i].x < points[i - 1].x) problems.push(`${el.id} runs right to left`);
        if (points[i].x !== points[i - 1].x && points[i].y !== points[i - 1].y)
          problems.push(`${el.id} has a diagonal`);
      }
    }
    expect(problems).toEqual([]);
  });
});
