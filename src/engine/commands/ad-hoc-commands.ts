/**
 * Activating inner elements of an active ad-hoc sub-process (REST
 * `POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation`), and completing the job
 * of a job-worker ad-hoc sub-process with its decision (REST job completion `result` of type adHocSubProcess).
 */
import type { AdHocJobResult, Variables } from '../engine-api';
import { invalidArgument, requireObject } from '../errors';
import { type AdHocActivation, activateAdHocActivities } from '../runtime/elements/ad-hoc-sub-process';
import { command, withVariables } from './command';

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
  completeAdHocJob: command({
    call: (jobKey: string, variables: Variables | undefined, result: AdHocJobResult) => ({
      key: jobKey,
      variables,
      result,
    }),
    check: (fields) => {
      const elements = fields.result.activateElements ?? [];
      if (!Array.isArray(elements)) throw invalidArgument('Expected result.activateElements to be an array');
      const activateElements = elements.map((e, i) => {
        if (typeof e?.elementId !== 'string' || e.elementId === '')
          throw invalidArgument(`Expected result.activateElements[${i}].elementId to be a non-empty string`);
        return {
          elementId: e.elementId,
          ...(e.variables == null ? {} : { variables: requireObject(e.variables, 'variables') as Variables }),
        };
      });
      const result: AdHocJobResult = {
        activateElements,
        isCompletionConditionFulfilled: fields.result.isCompletionConditionFulfilled === true,
        isCancelRemainingInstances: fields.result.isCancelRemainingInstances === true,
      };
      return withVariables({ ...fields, result });
    },
    apply: (rt, { key, variables, result }) => rt.jobs.completeAdHoc(key, variables ?? {}, result),
  }),
};
