/** The pieces each /api route describes itself with (hono-openapi's describeRoute), for /api/openapi.json. */
import { z } from 'zod';
import type { GenerateSpecOptions } from 'hono-openapi';
import { problemSchema } from '@/schemas/problem';

export { describeRoute, type DescribeRouteOptions } from 'hono-openapi';

type SchemaObjects = NonNullable<NonNullable<GenerateSpecOptions['documentation']['components']>['schemas']>;

/**
 * Named schemas, as the routes reference them: the zod schema the API validates with, converted
 * only when the document is generated (not on every cold start). Inputs as a client sends them,
 * outputs as the API writes them.
 */
const components = new Map<string, { schema: z.ZodType; io: 'input' | 'output' }>();

/** A `$ref` to the named schema; the name stands for the one zod schema it was first given. */
export function component(name: string, schema: z.ZodType, io: 'input' | 'output' = 'input') {
  const known = components.get(name);
  if (known && known.schema !== schema) throw new Error(`OpenAPI component ${name} names two schemas`);
  components.set(name, { schema, io });
  return { $ref: `#/components/schemas/${name}` };
}

/** The JSON Schemas of every component a route referenced. */
export function componentSchemas(): SchemaObjects {
  // zod writes draft 2020-12 JSON Schema, which OpenAPI 3.1's schema objects are.
  return Object.fromEntries(
    [...components].map(([name, { schema, io }]) => [
      name,
      z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as SchemaObjects[string],
    ]),
  );
}

export const json = (schema: object) => ({ 'application/json': { schema } });

/** A 4xx or 5xx reply: { error, issues }. */
export const problemReply = (description: string) => ({ description, content: json(component('Problem', problemSchema, 'output')) });

/** Optional query parameters, one per field of a query schema (their checks are the schema's: see its component). */
export const queryParams = (schema: { shape: object }) =>
  Object.keys(schema.shape).map((name) => ({ name, in: 'query' as const, required: false, schema: { type: 'string' as const } }));

export const pathParam = (name: string) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } });

/** Bearer ADMIN_TOKEN (or a staff session, where the route says so). */
export const ADMIN_ONLY = [{ adminToken: [] }];

/** Segment dimensions as query fields (department=Support …), one parameter for any of them. */
export const segmentFilterParam = (description: string) => ({
  name: 'filter',
  in: 'query' as const,
  required: false,
  style: 'form' as const,
  explode: true,
  description,
  schema: { type: 'object' as const, additionalProperties: { type: 'string' as const } },
});
