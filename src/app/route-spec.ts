/**
 * One declaration per endpoint: path, inputs (zod), responses (zod) and handler. The same declaration mounts
 * the Express route (parsing and validating every input before the handler runs) and produces the endpoint's
 * OpenAPI operation, so the published document cannot drift from what the server does.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { HttpProblem, unsupportedMediaType } from './http/problem';
import { parseInput } from './http/validation';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  /** JSON response body (or the document's schema for other content types). */
  schema?: z.ZodType;
  /** default application/json */
  contentType?: string;
}

export type BodySpec =
  | { kind: 'json'; schema: z.ZodType; required?: boolean }
  /** A text document (e.g. BPMN XML) of at most maxBytes, in one of contentTypes. */
  | { kind: 'text'; contentTypes: string[]; maxBytes: number; description: string };

// biome-ignore lint/suspicious/noExplicitAny: the shapes differ per route; each route keeps its own types.
type AnyObject = z.ZodObject<any>;

export interface RouteInput<P extends AnyObject | undefined, Q extends AnyObject | undefined, B> {
  params: P extends AnyObject ? z.output<P> : Record<string, never>;
  query: Q extends AnyObject ? z.output<Q> : Record<string, never>;
  body: B;
}

export interface RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B = unknown,
> {
  method: HttpMethod;
  /** OpenAPI-style path: /api/orders/{id} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: BodySpec;
  responses: Record<number, ResponseSpec>;
  handler(input: RouteInput<P, Q, B>, req: Request, res: Response): Promise<void> | void;
}

/** Keeps the generic parameters of one route while collecting routes of different shapes in one list. */
export function defineRoute<P extends AnyObject | undefined, Q extends AnyObject | undefined, B>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch', 'delete']);

export function toExpressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

const JSON_LIMIT = '100kb';

function bodyParsers(body: BodySpec | undefined) {
  if (!body) return [];
  if (body.kind === 'json') return [express.json({ limit: JSON_LIMIT, type: ['application/json', '+json'] })];
  const parse = express.text({ type: body.contentTypes, limit: body.maxBytes });
  // An oversized document is a bad document like any other: 400 naming the limit (body-parser would say 413).
  const textParser: RequestHandler = (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        const message = `the document is larger than the limit of ${body.maxBytes} bytes`;
        next(new HttpProblem(400, `The request body is not acceptable: ${message}`, { problems: [{ message }] }));
        return;
      }
      next(err);
    });
  return [textParser];
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function readBody(spec: BodySpec | undefined, req: Request): unknown {
  if (!spec) return undefined;
  if (req.body === undefined && hasBody(req)) {
    const expected = spec.kind === 'json' ? 'application/json' : spec.contentTypes.join(' or ');
    throw unsupportedMediaType(
      `The request body must be ${expected}; got ${req.headers['content-type'] ?? 'no Content-Type'}`,
    );
  }
  if (spec.kind === 'text') return req.body;
  if (req.body === undefined && spec.required === false) return {};
  return parseInput(spec.schema, req.body, 'body');
}

export function mountRoute(router: Router, spec: RouteSpec): void {
  const path = toExpressPath(spec.path);
  router[spec.method](path, ...bodyParsers(spec.body), async (req: Request, res: Response) => {
    const params = spec.params ? parseInput(spec.params, req.params, 'path') : {};
    const query = spec.query ? parseInput(spec.query, req.query, 'query') : {};
    const body = readBody(spec.body, req);
    await spec.handler({ params, query, body } as RouteInput<AnyObject, AnyObject, unknown>, req, res);
  });
}
