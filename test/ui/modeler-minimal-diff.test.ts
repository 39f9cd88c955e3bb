/**
 * The minimal-diff save (issue 23): the modeler's XML for the repository's models, as bpmn-moddle writes it
 * (what bpmn-js's saveXML does), patched into the original file. Unchanged, the file comes back byte for
 * byte; a renamed task changes one line; an added or removed element changes only its own lines; and whatever
 * the patch gives means exactly what the modeler wrote.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { minimalXmlPatch } from '../../modeler-ui/src/models/minimal-xml-patch';
import { canonicalForm, readXmlTree } from '../../modeler-ui/src/models/xml-tree';

const ROOT = path.join(__dirname, '..', '..');
const original = (name: string) => readFileSync(path.join(ROOT, 'bpmn', `${name}.bpmn`), 'utf8');

interface Node {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: Node[];
  rootElements?: Node[];
}

/** the parts of bpmn-moddle used here (its type declarations leave out toXML and create) */
interface Moddle {
  fromXML(xml: string, type: string): Promise<{ rootElement: unknown }>;
  toXML(element: unknown, options: { format: boolean }): Promise<{ xml: string }>;
  create(type: string, attributes: Record<string, unknown>): unknown;
}

/** What the modeler would save after `change` edits the model. */
async function modelerXml(xml: string, change: (definitions: Node, moddle: Moddle) => void = () => {}) {
  const moddle = new BpmnModdle({ zeebe }) as unknown as Moddle;
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  change(rootElement as Node, moddle);
  return (await moddle.toXML(rootElement, { format: true })).xml;
}

const processOf = (definitions: Node) => definitions.rootElements?.find((e) => e.$type === 'bpmn:Process') as Node;
const element = (definitions: Node, id: string) =>
  processOf(definitions).flowElements?.find((e) => e.id === id) as Node;

/** the lines of `after` that differ from `before` (a line-by-line diff where the line counts match) */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

describe.each(['order-fulfilment', 'customer-onboarding'])('minimal diff on %s.bpmn', (name) => {
  const file = original(name);

  it('without a change, the file comes back byte for byte (the modeler’s XML alone would rewrite it)', async () => {
    const xml = await modelerXml(file);
    expect(changedLines(file, xml).added.length).toBeGreaterThan(0);
    expect(minimalXmlPatch(file, xml)).toBe(file);
  });

  it('a renamed task changes one line', async () => {
    const taskId = name === 'order-fulfilment' ? 'charge-payment' : 'create-crm-record';
    const xml = await modelerXml(file, (d) => {
      element(d, taskId).name = 'Renamed step';
    });
    const saved = minimalXmlPatch(file, xml);
    const diff = changedLines(file, saved);
    expect(diff.removed).toHaveLength(1);
    expect(diff.added).toHaveLength(1);
    expect(diff.added[0]).toContain('name="Renamed step"');
    expect(diff.added[0].replace('Renamed step', '')).toBe(diff.removed[0].replace(/name="[^"]*"/, 'name=""'));
    expect(canonicalForm(readXmlTree(saved))).toBe(canonicalForm(readXmlTree(xml)));
  });

  it('an added element changes only its own line; removing it again gives the file back', async () => {
    const xml = await modelerXml(file, (d, moddle) => {
      const process = processOf(d);
      process.flowElements?.push(moddle.create('bpmn:Task', { id: 'new-task', name: 'New task' }) as Node);
    });
    const saved = minimalXmlPatch(file, xml);
    const diff = changedLines(file, saved);
    expect(diff.removed).toEqual([]);
    expect(diff.added).toEqual([expect.stringMatching(/^\s+<bpmn:task id="new-task" name="New task" \/>$/)]);
    expect(canonicalForm(readXmlTree(saved))).toBe(canonicalForm(readXmlTree(xml)));
    // and removing it again gives the file back
    expect(minimalXmlPatch(saved, await modelerXml(file))).toBe(file);
  });
});

describe('minimal diff safety', () => {
  it('falls back to the modeler’s XML when the original cannot be read', () => {
    expect(minimalXmlPatch('<a><b></a>', '<a/>')).toBe('<a/>');
  });

  it('matches elements by id wherever bpmn-js moved them, and leaves out an empty label it added', () => {
    const before = '<a>\n  <s id="1" />\n  <s id="2" />\n</a>\n';
    const after = '<a>\n  <s id="2" />\n  <s id="1" x="y">\n    <BPMNLabel />\n  </s>\n</a>\n';
    expect(minimalXmlPatch(before, after)).toBe('<a>\n  <s id="1" x="y" />\n  <s id="2" />\n</a>\n');
  });

  it('keeps entities, CDATA and comments of the original where nothing changed', () => {
    const before = '<a x="1 &amp; 2">\n  <!-- note -->\n  <b><![CDATA[x > 1]]></b>\n  <c>y</c>\n</a>\n';
    const after = '<a x="1 &amp; 2">\n  <b>x &gt; 1</b>\n  <c>z</c>\n</a>\n';
    expect(minimalXmlPatch(before, after)).toBe(
      '<a x="1 &amp; 2">\n  <!-- note -->\n  <b><![CDATA[x > 1]]></b>\n  <c>z</c>\n</a>\n',
    );
  });
});
