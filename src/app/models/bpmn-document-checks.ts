/**
 * Checks an uploaded BPMN document before anything parses it for meaning: size, no DOCTYPE or entity
 * declarations (no XXE, no entity expansion), and well-formed XML (with line and column of the first fault).
 */
import { XMLValidator } from 'fast-xml-parser';

export const MAX_MODEL_BYTES = 2 * 1024 * 1024;

export interface DocumentProblem {
  message: string;
  line?: number;
  column?: number;
}

export type DocumentCheck =
  | { ok: true }
  | { ok: false; reason: 'too-large' | 'doctype' | 'not-well-formed' | 'empty'; problems: DocumentProblem[] };

function lineOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

export function checkBpmnDocument(xml: string, maxBytes = MAX_MODEL_BYTES): DocumentCheck {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > maxBytes) {
    return {
      ok: false,
      reason: 'too-large',
      problems: [{ message: `the document is ${bytes} bytes; models may be at most ${maxBytes} bytes` }],
    };
  }
  if (xml.trim() === '') return { ok: false, reason: 'empty', problems: [{ message: 'the document is empty' }] };
  const declaration = /<!(DOCTYPE|ENTITY)\b/i.exec(xml);
  if (declaration) {
    return {
      ok: false,
      reason: 'doctype',
      problems: [
        {
          message: `${declaration[1].toUpperCase()} declarations are not accepted in BPMN models (they enable XML entity attacks)`,
          ...lineOf(xml, declaration.index),
        },
      ],
    };
  }
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (result !== true) {
    return {
      ok: false,
      reason: 'not-well-formed',
      problems: [{ message: `not well-formed XML: ${result.err.msg}`, line: result.err.line, column: result.err.col }],
    };
  }
  return { ok: true };
}
