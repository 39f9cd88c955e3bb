/**
 * Saving keeps the file as its author wrote it: instead of the modeler's own serialisation, the changes
 * between the file as opened and the modeler's XML are patched into the original text — changed attributes
 * and texts in place, removed elements cut out, added ones inserted with the indentation around them — so a
 * one-word change is a one-line diff. Elements are matched by id wherever they moved among their siblings
 * (the order of a diagram's shapes means nothing to the engine), the others by name in order.
 * The result is checked to mean exactly what the modeler wrote; if anything does not add up, the modeler's
 * XML is saved as it is.
 */
import { canonicalForm, readXmlTree, saysNothing, type XmlElement } from './xml-tree';

interface Edit {
  start: number;
  end: number;
  text: string;
}

const idOf = (e: XmlElement) => e.attributes.get('id')?.value;
const keyOf = (e: XmlElement) => `${e.name}#${idOf(e) ?? ''}`;

/**
 * Which original child each current child is (current index → original index): the same id, wherever it
 * moved (bpmn-js reorders the diagram's shapes), then the ones without an id by name, in order (longest
 * common subsequence).
 */
function matchChildren(a: XmlElement[], b: XmlElement[]): Map<number, number> {
  const matches = new Map<number, number>();
  const byId = new Map(a.map((e, i) => [keyOf(e), i] as const).filter(([key]) => !key.endsWith('#')));
  b.forEach((e, j) => {
    const i = idOf(e) === undefined ? undefined : byId.get(keyOf(e));
    if (i !== undefined) matches.set(j, i);
  });
  const restA = a.map((_, i) => i).filter((i) => idOf(a[i]) === undefined);
  const restB = b.map((_, j) => j).filter((j) => idOf(b[j]) === undefined);
  const lengths = Array.from({ length: restA.length + 1 }, () => new Array<number>(restB.length + 1).fill(0));
  const same = (i: number, j: number) => a[restA[i]].name === b[restB[j]].name;
  for (let i = restA.length - 1; i >= 0; i--) {
    for (let j = restB.length - 1; j >= 0; j--) {
      lengths[i][j] = same(i, j) ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  for (let i = 0, j = 0; i < restA.length && j < restB.length; ) {
    if (same(i, j)) matches.set(restB[j++], restA[i++]);
    else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return matches;
}

/** An attribute with the white space before it, as written in a start tag. */
function attributePattern(name: string): RegExp {
  return new RegExp(`\\s+${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*')`);
}

/** The white space a line starts with, for the line holding `at`. */
function indentAt(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, at))?.[0] ?? '';
}

class Patcher {
  readonly edits: Edit[] = [];
  constructor(
    private readonly original: string,
    private readonly current: string,
  ) {}

  /** The current element's text, re-indented to sit at `indent` in the original. */
  private transplant(element: XmlElement, indent: string): string {
    const from = indentAt(this.current, element.start);
    return this.current
      .slice(element.start, element.end)
      .split('\n')
      .map((line, i) => (i === 0 ? line : line.startsWith(from) ? indent + line.slice(from.length) : line))
      .join('\n');
  }

  private replaceWhole(a: XmlElement, b: XmlElement): void {
    this.edits.push({ start: a.start, end: a.end, text: this.transplant(b, indentAt(this.original, a.start)) });
  }

  private patchStartTag(a: XmlElement, b: XmlElement): void {
    const original = this.original.slice(a.start, a.startTagEnd);
    let tag = original;
    for (const name of a.attributes.keys()) {
      if (!b.attributes.has(name)) tag = tag.replace(attributePattern(name), '');
    }
    const names = [...b.attributes.keys()];
    names.forEach((name, k) => {
      const attribute = b.attributes.get(name) as { raw: string; value: string };
      const old = a.attributes.get(name);
      if (old?.value === attribute.value) return;
      if (old) {
        tag = tag.replace(attributePattern(name), (whole) => whole.replace(/("[^"]*"|'[^']*')$/, `"${attribute.raw}"`));
        return;
      }
      // a new attribute goes where the modeler put it: after the one before it that the tag has
      const after = names
        .slice(0, k)
        .reverse()
        .map((previous) => attributePattern(previous).exec(tag))
        .find((match) => match !== null);
      const at = after ? after.index + after[0].length : a.name.length + 1;
      tag = `${tag.slice(0, at)} ${name}="${attribute.raw}"${tag.slice(at)}`;
    });
    if (tag !== original) this.edits.push({ start: a.start, end: a.startTagEnd, text: tag });
  }

  merge(a: XmlElement, b: XmlElement): void {
    const textChanged = a.text !== b.text;
    if (a.selfClosing && !b.selfClosing && !b.text && b.children.every(saysNothing)) {
      this.patchStartTag(a, b);
      return;
    }
    if (a.selfClosing !== b.selfClosing || (textChanged && (a.children.length > 0 || !a.textRange || !b.textRange))) {
      this.replaceWhole(a, b);
      return;
    }
    this.patchStartTag(a, b);
    if (textChanged && a.textRange && b.textRange) {
      this.edits.push({
        start: a.textRange[0],
        end: a.textRange[1],
        text: this.current.slice(b.textRange[0], b.textRange[1]),
      });
    }
    this.mergeChildren(a, b);
  }

  private mergeChildren(a: XmlElement, b: XmlElement): void {
    const matches = matchChildren(a.children, b.children);
    const matchedA = new Set(matches.values());
    a.children.forEach((child, i) => {
      if (matchedA.has(i)) return;
      // cut from the end of what precedes it, so its line goes too
      const before = i > 0 ? a.children[i - 1].end : a.startTagEnd;
      this.edits.push({ start: before, end: child.end, text: '' });
    });
    const childIndent =
      a.children.length > 0
        ? indentAt(this.original, a.children[0].start)
        : `${indentAt(this.original, a.start)}${indentAt(this.current, b.children[0]?.start ?? 0).slice(indentAt(this.current, b.start).length)}`;
    let insertAt = a.startTagEnd;
    b.children.forEach((child, j) => {
      const i = matches.get(j);
      if (i !== undefined) {
        this.merge(a.children[i], child);
        insertAt = a.children[i].end;
        return;
      }
      if (saysNothing(child)) return;
      const text = `\n${childIndent}${this.transplant(child, childIndent)}`;
      const last = this.edits[this.edits.length - 1];
      // several new elements in a row: one insertion, in their order
      if (last && last.start === insertAt && last.end === insertAt) last.text += text;
      else this.edits.push({ start: insertAt, end: insertAt, text });
    });
  }
}

/** Applies edits given in the original's positions; at one position a cut goes before an insertion. */
function applyEdits(text: string, edits: Edit[]): string {
  const ordered = [...edits].sort((x, y) => y.start - x.start || y.end - x.end);
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** `current` (the modeler's XML) written as changes into `original` (the file as opened). */
export function minimalXmlPatch(original: string, current: string): string {
  try {
    const a = readXmlTree(original);
    const b = readXmlTree(current);
    if (a.name !== b.name) return current;
    const patcher = new Patcher(original, current);
    patcher.merge(a, b);
    const patched = applyEdits(original, patcher.edits);
    return canonicalForm(readXmlTree(patched)) === canonicalForm(b) ? patched : current;
  } catch {
    return current;
  }
}
