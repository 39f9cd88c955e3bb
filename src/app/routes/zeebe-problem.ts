/**
 * Maps a rejected Zeebe command to the HTTP problem a caller can act on: an engine that is down, busy, out
 * of disk space or missing the process is the server's trouble (503, retry later); what Zeebe rejects as
 * invalid is 422.
 */
import { HttpProblem, serviceUnavailable } from '../http/problem';
import { toZeebeCommandError } from '../process-commands/zeebe-process-commands';
import { overloaded } from './order-admission';

export function zeebeProblem(err: unknown, action: string): HttpProblem {
  const e = toZeebeCommandError(err);
  switch (e.status) {
    case 'NOT_FOUND':
      return serviceUnavailable(`Could not ${action}: ${e.details}. Is the model deployed?`);
    case 'RESOURCE_EXHAUSTED':
      // the same answer as a full order backlog (order-admission.ts): busy, retry after a moment
      return overloaded(`Could not ${action}: the engine takes no more for now (${e.details}); retry shortly`);
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return new HttpProblem(422, `Could not ${action}: ${e.details}`);
    case 'ALREADY_EXISTS':
      return new HttpProblem(409, `Could not ${action}: ${e.details}`);
    default:
      return serviceUnavailable(`Could not ${action}: the engine is not reachable (${e.status}: ${e.details})`);
  }
}
