/**
 * A path parameter that is not valid percent-encoded UTF-8 (`/api/orders/%ff`) fails in Express's router
 * before any route runs, as a URIError the error handler would answer with a 500. This error middleware,
 * given the routes, finds the parameter that failed and answers the 400 naming it, as any bad input.
 */
import type { ErrorRequestHandler } from 'express';
import { badRequest } from './problem';

const MESSAGE = 'is not valid percent-encoded UTF-8';

/** Express 5's router marks a parameter it cannot decode as a URIError with status 400. */
export function isPathDecodingError(err: unknown): boolean {
  return err instanceof URIError && (err as { status?: unknown }).status === 400;
}

function canDecode(raw: string): boolean {
  try {
    decodeURIComponent(raw);
    return true;
  } catch {
    return false;
  }
}

interface PathTemplate {
  pattern: RegExp;
  names: string[];
}

function compile(template: string): PathTemplate {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

/** The names of the parameters that cannot be decoded, for the first route the raw path matches. */
function undecodableParameters(templates: PathTemplate[], rawPath: string): string[] {
  for (const { pattern, names } of templates) {
    const match = pattern.exec(rawPath);
    if (!match) continue;
    const bad = names.filter((_, i) => !canDecode(match[i + 1]));
    if (bad.length > 0) return bad;
  }
  return [];
}

/** `paths`: the OpenAPI-style paths of the mounted routes (/api/orders/{id}). */
export function pathDecodingErrors(paths: string[]): ErrorRequestHandler {
  const templates = paths.map(compile);
  return (err, req, _res, next) => {
    if (!isPathDecodingError(err)) {
      next(err);
      return;
    }
    const names = undecodableParameters(templates, req.originalUrl.split('?')[0]);
    const errors = (names.length > 0 ? names : ['(path)']).map((field) => ({ field, message: MESSAGE }));
    next(badRequest(`The path is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors));
  };
}
