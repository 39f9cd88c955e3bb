/** The job commands a worker or an operator sends: complete, fail, throw error, update retries and timeout. */
import type { GatewayContext } from '../context';
import { int64ToNumber, keyOf, parseDocument } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function jobHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  return {
    CompleteJob: {
      intent: 'COMPLETE',
      handle: (req: M.CompleteJobRequest) => {
        engine.completeJob(keyOf(req.jobKey), parseDocument('variables', req.variables));
        return {};
      },
    },

    FailJob: {
      intent: 'FAIL',
      handle: (req: M.FailJobRequest) => {
        const variables = parseDocument('variables', req.variables);
        engine.failJob(keyOf(req.jobKey), req.retries, req.errorMessage, int64ToNumber(req.retryBackOff), variables);
        return {};
      },
    },

    ThrowError: {
      intent: 'THROW_ERROR',
      handle: (req: M.ThrowErrorRequest) => {
        engine.throwError(
          keyOf(req.jobKey),
          req.errorCode,
          req.errorMessage,
          parseDocument('variables', req.variables),
        );
        return {};
      },
    },

    UpdateJobRetries: {
      intent: 'UPDATE_RETRIES',
      handle: (req: M.UpdateJobRetriesRequest) => {
        engine.updateJobRetries(keyOf(req.jobKey), req.retries);
        return {};
      },
    },

    UpdateJobTimeout: {
      intent: 'UPDATE_TIMEOUT',
      handle: (req: M.UpdateJobTimeoutRequest) => {
        engine.updateJobTimeout(keyOf(req.jobKey), int64ToNumber(req.timeout));
        return {};
      },
    },
  };
}
