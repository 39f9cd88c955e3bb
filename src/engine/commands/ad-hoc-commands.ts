/**
 * Activating inner elements of an active ad-hoc sub-process (REST
 * `POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation`).
 */
import { invalidArgument, requireObject } from '../errors';
import { type AdHocActivation, activateAdHocActivities } from '../runtime/elements/ad-hoc-sub-process';
import { command } from './command';

export const adHocCommands = {
  activateAdHoc: command({
    call: (adHocSubProcessInstanceKey: string, elements: AdHocActivation[], cancelRemainingInstances?: boolean) => ({
      key: adHocSubProcessInstanceKey,
      elements,
      cancelRemainingInstances: cancelRemainingInstances === true,
    }),
    check: (fields) => {
      if (!Array.isArray(fields.elements) || fields.elements.length === 0)
        throw invalidArgument('Expected at least one element to activate');
      const elements = fields.elements.map((e) => ({
        elementId: String(e.elementId),
        ...(e.variables === undefined ? {} : { variables: requireObject(e.variables, 'variables') }),
      }));
      return { ...fields, elements };
    },
    apply: (rt, { key, elements, cancelRemainingInstances }) =>
      activateAdHocActivities(rt, key, elements, cancelRemainingInstances),
  }),
};
