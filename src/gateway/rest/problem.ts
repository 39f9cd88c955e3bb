/**
 * Errors of the REST v2 gateway as Camunda answers them: RFC 9457 problem+json (`type`, `title`, `status`,
 * `detail`, `instance`). Engine rejections map to the statuses Camunda's REST gateway uses for the same
 * rejection type; anything unexpected is a 500 whose stack goes to the log, never to the client.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { EngineError, type EngineErrorCode } from '../../engine/errors';
import { LIMIT_SETTINGS } from '../request-limits';

/** A request the gateway rejects before the engine sees it. */
export class RestProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'RestProblem';
  }
}

export const badRequest = (detail: string) => new RestProblem(400, 'INVALID_ARGUMENT', detail);
export const notFound = (detail: string) => new RestProblem(404, 'NOT_FOUND', detail);

const ENGINE_STATUS: Record<EngineErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  DEADLINE_EXCEEDED: 504,
  UNAVAILABLE: 503,
  UNIMPLEMENTED: 501,
};

/** Camunda names the title after the rejection type; FAILED_PRECONDITION is Zeebe's INVALID_STATE. */
const ENGINE_TITLE: Partial<Record<EngineErrorCode, string>> = { FAILED_PRECONDITION: 'INVALID_STATE' };

export function sendProblem(res: Response, status: number, title: string, detail: string, instance: string) {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail, instance }));
}

/** Express error handler: problem+json for everything, including body-parser's malformed JSON. */
export function problemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const instance = req.originalUrl.split('?')[0];
    if (err instanceof RestProblem) return sendProblem(res, err.status, err.title, err.message, instance);
    if (err instanceof EngineError) {
      const status = ENGINE_STATUS[err.code] ?? 500;
      return sendProblem(res, status, ENGINE_TITLE[err.code] ?? err.code, err.message, instance);
    }
    const parseError = err as { type?: string; status?: number; message?: string; limit?: number };
    if (parseError.type === 'entity.parse.failed') {
      return sendProblem(
        res,
        400,
        'Bad Request',
        `The request body is not valid JSON: ${parseError.message}`,
        instance,
      );
    }
    if (parseError.type === 'entity.too.large') {
      const detail = `The request body is larger than ${parseError.limit} bytes (${LIMIT_SETTINGS.maxMessageSize})`;
      return sendProblem(res, 413, 'Payload Too Large', detail, instance);
    }
    if (typeof parseError.status === 'number' && parseError.status >= 400 && parseError.status < 500) {
      return sendProblem(res, parseError.status, 'Bad Request', String(parseError.message), instance);
    }
    logger.error({ err, path: instance }, 'unexpected error in the REST gateway');
    sendProblem(res, 500, 'INTERNAL', 'Unexpected error while processing the request (see the engine log)', instance);
  };
}
