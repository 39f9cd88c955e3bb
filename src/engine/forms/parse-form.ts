/**
 * A .form resource as Zeebe's FormResourceTransformer reads it: Camunda form JSON whose `id` names the form
 * (its formId) and whose optional `versionTag` tags the version; everything else in it is the client's.
 */

export interface ParsedForm {
  id: string;
  versionTag?: string;
}

/** The form's id and version tag, or the failure Zeebe reports for the resource. */
export function parseForm(
  resourceName: string,
  text: string,
): { ok: true; form: ParsedForm } | { ok: false; failure: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, failure: `Failed to parse form JSON. '${resourceName}': ${(err as Error).message}` };
  }
  const fields =
    json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if (fields.id === undefined || fields.id === null) {
    return { ok: false, failure: 'Expected the form id to be present, but none given' };
  }
  const id = String(fields.id);
  if (id.trim() === '') return { ok: false, failure: 'Expected the form id to be filled, but it is blank' };
  const versionTag = typeof fields.versionTag === 'string' ? fields.versionTag : undefined;
  return { ok: true, form: { id, ...(versionTag !== undefined ? { versionTag } : {}) } };
}
