/// <reference path="../bpmn-js-differ.d.ts" />
/**
 * What changed between two versions of a process, in words a person reads: bpmn-js-differ compares the two
 * documents (as bpmn-moddle reads them) and each added, removed, changed or moved element becomes one line
 * naming the element ("Changed Charge payment: name “Charge payment” → “Charge the card”").
 */

import { diff } from 'bpmn-js-differ';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'moved';

export interface VersionChange {
  elementId: string;
  kind: ChangeKind;
  text: string;
}

const KIND_WORDS: Record<ChangeKind, string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  moved: 'Moved',
};

/** "Service task", "Sequence flow" from bpmn:ServiceTask, bpmn:SequenceFlow */
function typeWords(type: string): string {
  const words = type.replace(/^\w+:/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}

function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(none)';
  if (typeof value === 'object') return '(changed settings)';
  return `“${String(value)}”`;
}

async function definitionsOf(xml: string): Promise<unknown> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle });
  return (await moddle.fromXML(xml, 'bpmn:Definitions')).rootElement;
}

export async function versionChanges(oldXml: string, newXml: string): Promise<VersionChange[]> {
  const changes = diff(await definitionsOf(oldXml), await definitionsOf(newXml));
  const label = (e: { $type: string; id: string; name?: string }) => `${typeWords(e.$type)} ${e.name ?? e.id}`;
  const line = (kind: ChangeKind, e: { $type: string; id: string; name?: string }, detail = '') => ({
    elementId: e.id,
    kind,
    text: `${KIND_WORDS[kind]} ${label(e)}${detail}`,
  });
  return [
    ...Object.values(changes._added).map((e) => line('added', e)),
    ...Object.values(changes._removed).map((e) => line('removed', e)),
    ...Object.values(changes._changed).map(({ model, attrs }) =>
      line(
        'changed',
        model,
        `: ${Object.entries(attrs)
          // bpmn-js-differ 3.2 hands jsondiffpatch's [old, new] to changed(model, key, newValue, oldValue), so
          // its `newValue` holds the first (older) document's value
          .map(
            ([name, swapped]) => `${name.replace(/^\$/, '')} ${shown(swapped.newValue)} → ${shown(swapped.oldValue)}`,
          )
          .join('; ')}`,
      ),
    ),
    ...Object.values(changes._layoutChanged)
      .filter((e) => !changes._changed[e.id] && !changes._added[e.id])
      .map((e) => line('moved', e)),
  ];
}
