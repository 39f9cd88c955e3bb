/**
 * The last middleware: every error becomes problem+json. Known problems keep their status and detail; body
 * parser failures (malformed JSON, oversized or wrongly encoded bodies) become 400/413/415 naming the body;
 * anything unexpected is logged with its stack and answered with a plain 500 that carries only the request id.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { badRequest, HttpProblem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message: string;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string';
}

function fromBodyParser(err: BodyParserError): HttpProblem | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return badRequest(`The request body is not valid JSON: ${err.message}`, [
        { field: '(body)', message: `is not valid JSON: ${err.message}` },
      ]);
    case 'entity.too.large':
      return new HttpProblem(413, `The request body is larger than this endpoint accepts (${err.message})`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, err.message);
    case 'request.aborted':
      return new HttpProblem(400, 'The request was aborted before its body was read');
    default:
      return err.status && err.status >= 400 && err.status < 500 && err.expose
        ? new HttpProblem(err.status, err.message)
        : undefined;
  }
}

export function sendProblem(req: Request, res: Response, problem: HttpProblem): void {
  const body: ProblemDetails = problem.toProblem(req.originalUrl.split('?')[0]);
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const known = err instanceof HttpProblem ? err : isBodyParserError(err) ? fromBodyParser(err) : undefined;
  if (known) {
    if (known.status >= 500) req.log?.warn({ err }, known.detail);
    sendProblem(req, res, known);
    return;
  }
  req.log?.error({ err }, 'unhandled error in request');
  sendProblem(
    req,
    res,
    new HttpProblem(500, `An unexpected error occurred; it was logged with request id ${String(req.id ?? '-')}`),
  );
};

/** 404 for everything no route matched (under /api and for unknown paths outside the UI). */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(req, res, new HttpProblem(404, `No endpoint ${req.method} ${req.originalUrl.split('?')[0]}`));
};
