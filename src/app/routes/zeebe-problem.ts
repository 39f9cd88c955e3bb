/**
 * Maps a rejected Zeebe command to the HTTP problem a caller can act on: an engine that is down, busy, out
 * of disk space or missing the process is the server's trouble (503, retry later); what Zeebe rejects as
 * invalid is 422.
 */
import { HttpProblem, serviceUnavailable } from '../http/problem';
import { toZeebeCommandError } from '../process-commands/zeebe-process-commands';

export function zeebeProblem(err: unknown, action: string): HttpProblem {
  const e = toZeebeCommandError(err);
  switch (e.status) {
    case 'NOT_FOUND':
      return serviceUnavailable(`Could not ${action}: ${e.details}. Is the model deployed?`);
    case 'RESOURCE_EXHAUSTED':
      return new HttpProblem(
        503,
        `Could not ${action}: the engine takes no more for now (${e.details}); retry shortly`,
        {},
        {
          'Retry-After': '1',
        },
      );
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
      return new HttpProblem(422, `Could not ${action}: ${e.details}`);
    case 'ALREADY_EXISTS':
      return new HttpProblem(409, `Could not ${action}: ${e.details}`);
    default:
      return serviceUnavailable(`Could not ${action}: the engine is not reachable (${e.status}: ${e.details})`);
  }
}
