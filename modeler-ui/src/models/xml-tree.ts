/**
 * A small XML reader that remembers where everything is in the text: elements with the exact ranges of
 * their start tag, content and end, their attributes (raw and decoded) and their text. The minimal-diff save
 * (minimal-xml-patch.ts) patches the original file at these positions. Enough for BPMN files: no DOCTYPE
 * (the server refuses them), comments, CDATA and processing instructions are skipped over.
 */

export interface XmlAttribute {
  raw: string;
  value: string;
}

export interface XmlElement {
  name: string;
  attributes: Map<string, XmlAttribute>;
  children: XmlElement[];
  /** the element's text (entities decoded), without leading or trailing white space */
  text: string;
  /** where the element's text runs (undefined for an element without text) */
  textRange?: [number, number];
  start: number;
  /** just after the start tag's '>' */
  startTagEnd: number;
  end: number;
  selfClosing: boolean;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function readAttributes(tag: string): Map<string, XmlAttribute> {
  const attributes = new Map<string, XmlAttribute>();
  for (const match of tag.matchAll(ATTRIBUTE)) {
    const raw = match[3] ?? match[4] ?? '';
    attributes.set(match[1], { raw, value: decodeXml(raw) });
  }
  return attributes;
}

/** The end of the markup that starts at `at` and is not an element (comment, CDATA, PI), or -1. */
function skipOther(xml: string, at: number): number {
  for (const [open, close] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ] as const) {
    if (xml.startsWith(open, at)) {
      const end = xml.indexOf(close, at + open.length);
      if (end < 0) throw new Error(`unterminated ${open} at ${at}`);
      return end + close.length;
    }
  }
  return -1;
}

/** The end of the start tag at `at` (just after its '>'), quotes respected. */
function startTagEnd(xml: string, at: number): number {
  let quote = '';
  for (let i = at + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  throw new Error(`unterminated tag at ${at}`);
}

/** Reads the document element of `xml`; throws on markup it cannot follow. */
export function readXmlTree(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let textStart = -1;
  let i = 0;
  const addText = (until: number) => {
    const parent = stack[stack.length - 1];
    if (!parent || textStart < 0) return;
    const raw = xml.slice(textStart, until);
    const trimmed = raw.trim();
    if (trimmed) {
      const from = textStart + raw.indexOf(trimmed);
      parent.text += decodeXml(trimmed);
      parent.textRange = [parent.textRange?.[0] ?? from, from + trimmed.length];
    }
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    if (textStart < 0) textStart = i;
    addText(lt);
    textStart = -1;
    const other = skipOther(xml, lt);
    if (other >= 0) {
      const parent = stack[stack.length - 1];
      if (parent && xml.startsWith('<![CDATA[', lt)) {
        // CDATA is text too: kept raw in the range, its content (not decoded) in the text
        parent.text += xml.slice(lt + 9, other - 3).trim();
        parent.textRange = [parent.textRange?.[0] ?? lt, other];
      }
      i = other;
      textStart = i;
      continue;
    }
    const tagEnd = startTagEnd(xml, lt);
    const tag = xml.slice(lt, tagEnd);
    if (tag.startsWith('</')) {
      const element = stack.pop();
      if (!element || tag.slice(2, -1).trim() !== element.name) throw new Error(`unexpected ${tag} at ${lt}`);
      element.end = tagEnd;
    } else {
      const name = /^<([^\s/>]+)/.exec(tag)?.[1] ?? '';
      const selfClosing = tag.endsWith('/>');
      const element: XmlElement = {
        name,
        attributes: readAttributes(tag.slice(1 + name.length)),
        children: [],
        text: '',
        start: lt,
        startTagEnd: tagEnd,
        end: tagEnd,
        selfClosing,
      };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (!root) root = element;
      if (!selfClosing) stack.push(element);
    }
    i = tagEnd;
    textStart = i;
  }
  if (!root || stack.length > 0) throw new Error('not a complete XML document');
  return root;
}

/**
 * An element that carries nothing: bpmn-js writes an empty <bpmndi:BPMNLabel /> into a shape whose label was
 * edited; it means the same as none.
 */
export function saysNothing(element: XmlElement): boolean {
  return (
    element.name.endsWith('BPMNLabel') &&
    element.attributes.size === 0 &&
    element.children.length === 0 &&
    !element.text
  );
}

/**
 * The element's meaning with the text's layout left out: equal for two texts of the same document. Children
 * with an id count in any order (a diagram's shapes or a process's elements mean the same in any order);
 * those without keep theirs.
 */
export function canonicalForm(element: XmlElement): string {
  const attributes = [...element.attributes].map(([name, a]) => `${name}=${JSON.stringify(a.value)}`).sort();
  const children = element.children.filter((child) => !saysNothing(child));
  const withId = children
    .filter((child) => child.attributes.has('id'))
    .map(canonicalForm)
    .sort();
  const withoutId = children.filter((child) => !child.attributes.has('id')).map(canonicalForm);
  return `<${element.name} ${attributes.join(' ')}>${JSON.stringify(element.text)}${[...withoutId, ...withId].join('')}</${element.name}>`;
}
