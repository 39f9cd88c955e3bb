/**
 * RFC 9457 problem details (`application/problem+json`), the one error shape of the app's API. Route code
 * throws an HttpProblem; the error handler turns it (and anything else) into a response.
 */
import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One bad input field: where it is (`items[0].quantity`, `key`, `(body)`) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Bad request fields (validation failures). */
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly detail: string,
    extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.extensions = extensions;
  }

  toProblem(instance?: string): ProblemDetails {
    return {
      type: 'about:blank',
      title: STATUS_CODES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const badRequest = (detail: string, errors: FieldError[]) => new HttpProblem(400, detail, { errors });
export const notFound = (detail: string) => new HttpProblem(404, detail);
export const conflict = (detail: string, extensions: Record<string, unknown> = {}) =>
  new HttpProblem(409, detail, extensions);
export const unsupportedMediaType = (detail: string) => new HttpProblem(415, detail);
export const serviceUnavailable = (detail: string) => new HttpProblem(503, detail, {}, { 'Retry-After': '5' });
