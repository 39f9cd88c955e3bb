/**
 * Reads DMN XML into dmn-moddle's element tree. dmn-moddle knows DMN 1.3 only; Camunda also runs files in
 * the DMN 1.1, 1.2, 1.4 and 1.5 namespaces (dmn-scala reads them through Camunda's DMN model API), whose
 * decision tables, literal expressions and requirements are written the same way, so their model namespace
 * is read as 1.3's (their diagram elements, which the engine does not read, are skipped). Rejects
 * DOCTYPE/entity declarations before parsing (no XXE, no entity expansion).
 */
import createDmnModdle = require('dmn-moddle');

import { INVALID_DOCUMENT } from './dmn-schema';

// biome-ignore lint/suspicious/noExplicitAny: moddle's element tree is untyped
export type DmnElement = any;

const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** The model namespaces of the DMN versions Camunda 8 accepts besides 1.3. */
const OLDER_AND_NEWER_MODELS = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd', // DMN 1.1
  'http://www.omg.org/spec/DMN/20180521/MODEL/', // DMN 1.2
  'https://www.omg.org/spec/DMN/20211108/MODEL/', // DMN 1.4
  'https://www.omg.org/spec/DMN/20230324/MODEL/', // DMN 1.5
];

/** The XML could not be read as DMN at all (dmn-scala: "Failed to parse DMN: ..."). */
export class DmnReadError extends Error {}

let moddle: ReturnType<typeof createDmnModdle> | undefined;

export async function readDmn(xml: string): Promise<DmnElement> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new DmnReadError('Failed to parse DMN: DOCTYPE and entity declarations are not allowed');
  }
  moddle ??= createDmnModdle();
  let result: { rootElement: DmnElement; warnings: { message: string }[] };
  try {
    result = await moddle.fromXML(asDmn13(xml), 'dmn:Definitions');
  } catch (err) {
    throw new DmnReadError(`Failed to parse DMN: ${(err as Error).message}`);
  }
  // an element whose id another already has is dropped with a warning; XML ids are unique, so the schema refuses it
  if (result.warnings.some((w) => /duplicate ID/.test(w.message))) throw new DmnReadError(INVALID_DOCUMENT);
  // other warnings are elements dmn-moddle does not know (DMN 1.2's diagram namespace, vendor extensions):
  // the decisions are read all the same
  if (result.rootElement?.$type !== 'dmn:Definitions') {
    throw new DmnReadError('Failed to parse DMN: the root element is not a DMN definitions element');
  }
  return result.rootElement;
}

/** The document with an older or newer DMN model namespace declared as DMN 1.3's. */
function asDmn13(xml: string): string {
  let out = xml;
  for (const namespace of OLDER_AND_NEWER_MODELS) {
    if (!out.includes(namespace)) continue;
    for (const quote of ['"', "'"])
      out = out.split(`${quote}${namespace}${quote}`).join(`${quote}${DMN13_MODEL}${quote}`);
  }
  return out;
}
