/**
 * The commands on jobs (runtime/jobs.ts): activate (a poll, journaled only when it activated something),
 * complete, fail, throw an error, and change retries or timeout.
 */
import type { ActivateJobsCommand, JobChangeset, JobResult, Variables } from '../engine-api';
import { command, withVariables } from './command';

export const jobCommands = {
  activate: command({
    call: (cmd: ActivateJobsCommand) => ({ cmd }),
    apply: (rt, { cmd }) => rt.jobs.activate(cmd),
    journalAfter: (jobs) => jobs.length > 0,
  }),
  complete: command({
    call: (jobKey: string, variables?: Variables) => ({ key: jobKey, variables }),
    check: (fields) => withVariables(fields),
    apply: (rt, { key, variables }) => rt.jobs.complete(key, variables),
  }),
  fail: command({
    call: (jobKey: string, retries: number, errorMessage: string, retryBackOffMs: number, variables?: Variables) => ({
      key: jobKey,
      retries,
      message: errorMessage,
      backOff: retryBackOffMs,
      variables,
    }),
    check: (fields) => withVariables({ ...fields, backOff: Math.max(0, fields.backOff) }),
    apply: (rt, { key, retries, message, backOff, variables }) =>
      rt.jobs.fail(key, retries, message, backOff, variables),
  }),
  throwError: command({
    call: (jobKey: string, errorCode: string, errorMessage: string, variables?: Variables) => ({
      key: jobKey,
      code: errorCode,
      message: errorMessage,
      variables,
    }),
    check: (fields) => withVariables(fields),
    apply: (rt, { key, code, message, variables }) => rt.jobs.throwError(key, code, message, variables),
  }),
  retries: command({
    call: (jobKey: string, retries: number) => ({ key: jobKey, retries }),
    apply: (rt, { key, retries }) => rt.jobs.updateRetries(key, retries),
  }),
  timeout: command({
    call: (jobKey: string, timeoutMs: number) => ({ key: jobKey, timeout: timeoutMs }),
    apply: (rt, { key, timeout }) => rt.jobs.updateTimeout(key, timeout),
  }),
  updateJob: command({
    call: (jobKey: string, changeset: JobChangeset) => ({ key: jobKey, changeset }),
    apply: (rt, { key, changeset }) => rt.jobs.update(key, changeset),
  }),
  /** a completion with a `result` (a task listener's denial or corrections): a record of its own, appended */
  completeWithResult: command({
    call: (jobKey: string, variables: Variables | undefined, result: JobResult) => ({ key: jobKey, variables, result }),
    check: (fields) => withVariables(fields),
    apply: (rt, { key, variables, result }) => rt.jobs.complete(key, variables, result),
  }),
};
