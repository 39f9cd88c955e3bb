/**
 * The version history's words (issue 23): bpmn-js-differ's changes between two versions of the order model as
 * the lines a person reads — a renamed task with its old and new name in that order, an added and a removed
 * element named by type.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { versionChanges } from '../../modeler-ui/src/models/version-diff';

const ORDER = readFileSync(path.join(__dirname, '..', '..', 'bpmn', 'order-fulfilment.bpmn'), 'utf8');

test('a rename reads old → new', async () => {
  const renamed = ORDER.replace('name="Notify customer"', 'name="Email the customer"');
  await expect(versionChanges(ORDER, renamed)).resolves.toEqual([
    {
      elementId: 'notify-customer',
      kind: 'changed',
      text: 'Changed Service task Email the customer: name “Notify customer” → “Email the customer”',
    },
  ]);
});

test('an added and a removed element are named by type', async () => {
  const added = ORDER.replace('</bpmn:process>', '<bpmn:task id="audit" name="Audit" /></bpmn:process>');
  await expect(versionChanges(ORDER, added)).resolves.toEqual([
    { elementId: 'audit', kind: 'added', text: 'Added Task Audit' },
  ]);
  await expect(versionChanges(added, ORDER)).resolves.toEqual([
    { elementId: 'audit', kind: 'removed', text: 'Removed Task Audit' },
  ]);
});

test('no change, no lines', async () => {
  await expect(versionChanges(ORDER, ORDER)).resolves.toEqual([]);
});
