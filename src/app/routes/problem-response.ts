/** An error answer of an endpoint as its OpenAPI operation lists it: a problem+json body (RFC 9457). */
import type { ResponseSpec } from '../route-spec';
import { ProblemSchema } from '../schemas/common';

export function problemResponse(description: string): ResponseSpec {
  return { description, schema: ProblemSchema, contentType: 'application/problem+json' };
}
