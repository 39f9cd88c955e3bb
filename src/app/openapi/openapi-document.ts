/**
 * Builds the OpenAPI 3.1 document from the route declarations: zod 4's `z.toJSONSchema` (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1) for every parameter, body and response; schemas that carry an `id`
 * (`.meta({ id })`) become shared components. Writes are marked with the bearer security scheme.
 */
import { z } from 'zod';
import { type RouteSpec, WRITE_METHODS } from '../route-spec';
import { ProblemSchema } from '../schemas/common';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

class ComponentCollector {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Converts a zod schema, moving its named sub-schemas into components and pointing $refs there. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    const renames = new Map<string, string>();
    for (const [id, def] of Object.entries(defs)) {
      const existing = this.schemas[id];
      let name = id;
      if (existing && JSON.stringify(existing) !== JSON.stringify(def)) name = `${id}_${io}`;
      renames.set(id, name);
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value && typeof value === 'object') {
        const out: JsonSchema = {};
        for (const [key, inner] of Object.entries(value)) {
          if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
            const id = inner.slice('#/$defs/'.length);
            out[key] = `#/components/schemas/${renames.get(id) ?? id}`;
          } else out[key] = rewrite(inner);
        }
        return out;
      }
      return value;
    };
    for (const [id, def] of Object.entries(defs)) this.schemas[renames.get(id) ?? id] = rewrite(def) as JsonSchema;
    return rewrite(json) as JsonSchema;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: any object schema
function parameters(schema: z.ZodObject<any> | undefined, where: 'path' | 'query', components: ComponentCollector) {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const optional = fieldSchema.safeParse(undefined).success;
    return {
      name,
      in: where,
      required: where === 'path' ? true : !optional,
      schema: components.convert(fieldSchema, 'input'),
    };
  });
}

const problemResponse = (description: string, ref: JsonSchema) => ({
  description,
  content: { 'application/problem+json': { schema: ref } },
});

export function buildOpenApiDocument(routes: RouteSpec[], info: OpenApiInfo): JsonSchema {
  const components = new ComponentCollector();
  const problemRef = components.convert(ProblemSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};

  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const contentType = spec.contentType ?? 'application/json';
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? {
              content: {
                [contentType]: {
                  schema: contentType.includes('json') ? components.convert(spec.schema, 'output') : { type: 'string' },
                },
              },
            }
          : {}),
      };
    }
    const hasInput = route.params || route.query || route.body;
    if (hasInput && !responses['400'])
      responses['400'] = problemResponse('Bad input: each bad field is named', problemRef);
    const secured = WRITE_METHODS.has(route.method);
    if (secured) responses['401'] = problemResponse('Missing or wrong API key', problemRef);

    let requestBody: unknown;
    if (route.body?.kind === 'json') {
      requestBody = {
        required: route.body.required !== false,
        content: { 'application/json': { schema: components.convert(route.body.schema, 'input') } },
      };
    } else if (route.body?.kind === 'text') {
      requestBody = {
        required: true,
        description: route.body.description,
        content: Object.fromEntries(
          route.body.contentTypes.map((type) => [
            type,
            {
              schema: {
                type: 'string',
                maxLength: route.body && 'maxBytes' in route.body ? route.body.maxBytes : undefined,
              },
            },
          ]),
        ),
      };
    }

    paths[route.path] ??= {};
    paths[route.path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      parameters: [...parameters(route.params, 'path', components), ...parameters(route.query, 'query', components)],
      ...(requestBody ? { requestBody } : {}),
      responses,
      ...(secured ? { security: [{ bearerAuth: [] }] } : {}),
    };
  }

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The API key (API_KEY, or the one printed at first start) guards every write',
        },
      },
    },
  };
}
