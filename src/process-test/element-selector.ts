/**
 * Which element an assertion means: its BPMN id (a plain string, as everywhere in the toolkit), or a
 * selector by name and/or type as Camunda Process Test's ElementSelector (`byName`, `byType`). The element
 * instance rows of REST v2 carry all three, so selection needs no model.
 */
import type { ElementInstanceItem } from './rest-api';

export type ElementSelector =
  | string
  | {
      elementId?: string;
      elementName?: string;
      /** REST v2 element type: SERVICE_TASK, USER_TASK, END_EVENT, ... */
      elementType?: string;
    };

export function byName(elementName: string): ElementSelector {
  return { elementName };
}

export function byType(elementType: string): ElementSelector {
  return { elementType };
}

export function selects(selector: ElementSelector, row: ElementInstanceItem): boolean {
  if (typeof selector === 'string') return row.elementId === selector;
  return (
    (selector.elementId === undefined || row.elementId === selector.elementId) &&
    (selector.elementName === undefined || row.elementName === selector.elementName) &&
    (selector.elementType === undefined || row.type === selector.elementType)
  );
}

/** How a selector is shown in a failure message: the id as it is, else `name 'X'` / `type Y`. */
export function describeSelector(selector: ElementSelector): string {
  if (typeof selector === 'string') return selector;
  const parts = [
    selector.elementId,
    selector.elementName !== undefined ? `name '${selector.elementName}'` : undefined,
    selector.elementType !== undefined ? `type ${selector.elementType}` : undefined,
  ];
  const shown = parts.filter((p): p is string => p !== undefined).join(' ');
  if (!shown) throw new Error('an element selector needs an elementId, an elementName or an elementType');
  return shown;
}

/**
 * The rows, each shown as the first selector that picks it (rows no selector picks left out): the
 * sequence in-order assertions compare with the selectors themselves.
 */
export function asSelected(selectors: readonly ElementSelector[], rows: readonly ElementInstanceItem[]): string[] {
  return rows.flatMap((row) => {
    const selector = selectors.find((s) => selects(s, row));
    return selector === undefined ? [] : [describeSelector(selector)];
  });
}
