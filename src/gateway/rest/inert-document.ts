/**
 * Headers for a document served as data, never as a page: BPMN XML is written by whoever deployed or saved
 * it, and a browser opening it must not run its scripts (an XML document may carry XHTML or SVG with
 * script), load anything for it, or guess another type for it.
 */
import type { Response } from 'express';

export const INERT_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function markInertDocument(res: Response): Response {
  res.setHeader('Content-Security-Policy', INERT_DOCUMENT_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return res;
}
