/** GET /api/openapi.json: the OpenAPI 3.1 document, generated from the routes' own descriptions (functions/api/describe.ts). */
import { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { AppEnv } from '../app';
import { componentSchemas, describeRoute, json } from './describe';

/**
 * Mounted at /api. Walks `app`'s registered routes when first asked (every route is registered
 * by then); test/api/summary.test.ts fails on any registered /api route the document lacks.
 */
export function openapiRoute(app: Hono<AppEnv>) {
  let document: Promise<object> | undefined;
  return new Hono<AppEnv>().get(
    '/openapi.json',
    describeRoute({ summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } }),
    async (c) => c.json(await (document ??= openApiDocument(app))),
  );
}

function openApiDocument(app: Hono<AppEnv>) {
  return generateSpecs(app, {
    // responses.csv and openapi.json are routes, not static files.
    excludeStaticFile: false,
    documentation: {
      openapi: '3.1.0',
      info: {
        title: 'NPS collection API',
        version: '1',
        description: 'Collects Net Promoter Score answers. Public: responses. Admin (Bearer ADMIN_TOKEN): invitations and summaries.',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } }, schemas: componentSchemas() },
    },
  });
}
