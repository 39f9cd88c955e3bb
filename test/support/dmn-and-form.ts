/**
 * Small .dmn and .form resources for the deployment suites: a DRG with the given id holding decision tables
 * (test/engine/decisions/dmn-xml.ts writes them), and a Camunda form with an id and a field.
 */
import { definitions, type TableSpec, table } from '../engine/decisions/dmn-xml';

/** A DRG `drgId` whose decisions are the given tables (decision id → table). */
export function dmnXml(drgId: string, tables: Record<string, TableSpec>, name = `${drgId} rules`): string {
  const body = Object.entries(tables)
    .map(([id, spec]) => table(id, spec))
    .join('\n');
  return definitions(body).replace('id="drg" name="Test DRG"', `id="${drgId}" name="${name}"`);
}

/** A one-output decision table: `amount` below 100 → "small", else "large" (`label` varies the content). */
export const sizeTable = (label = 'size'): TableSpec => ({
  inputs: ['amount'],
  outputs: [label],
  rules: [
    [['< 100'], ['"small"']],
    [['>= 100'], ['"large"']],
  ],
});

/** Camunda form JSON with one text field (`label` varies the content). */
export function formJson(formId: string, label = 'Approved by', versionTag?: string): string {
  return JSON.stringify({
    id: formId,
    type: 'default',
    schemaVersion: 16,
    ...(versionTag ? { versionTag } : {}),
    components: [{ key: 'approver', label, type: 'textfield', id: 'Field_approver' }],
  });
}
