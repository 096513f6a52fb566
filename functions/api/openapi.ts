/** GET /api/openapi.json: the OpenAPI 3.1 document of the API. */
import { Hono } from 'hono';
import { z } from 'zod';
import { amendmentSchema, submissionReceiptSchema, submissionSchema } from '@/schemas/response';
import { invitationRequestSchema, invitationResultSchema } from '@/schemas/invitation';
import { summaryQuerySchema, summarySchema } from '@/schemas/summary';
import { problemSchema } from '@/schemas/problem';
import type { AppEnv } from '../app';

// Its schemas are generated from the same zod schemas the API validates with; test/api/summary.test.ts
// fails on any registered /api route it lacks.
const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const output = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });

const json = (s: object) => ({ 'application/json': { schema: s } });
const problemReply = (description: string) => ({ description, content: json({ $ref: '#/components/schemas/Problem' }) });
const surveyParam = { name: 'survey', in: 'path', required: true, schema: { type: 'string' } };
const admin = [{ adminToken: [] }];

/** PATCH (and, for a plain form, POST) of one's own response. */
const amendment = {
  summary: "Add the follow-up and answers missing from one's own response, within 24 hours (the id is its capability)",
  parameters: [surveyParam, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
  requestBody: { required: true, content: json({ $ref: '#/components/schemas/Amendment' }) },
  responses: {
    200: {
      description: 'Added (updated: false when every field already held the same answer)',
      content: json({ type: 'object', properties: { id: { type: 'string' }, updated: { type: 'boolean' } } }),
    },
    400: problemReply('Invalid'),
    404: problemReply('Unknown response'),
    409: problemReply('A field already holds another answer; nothing was changed'),
    410: problemReply('More than 24 hours after the answer, or the survey is closed'),
  },
};

/** The export in either format: the same filters, parts and Link headers. */
function exportOperation(format: 'CSV' | 'JSON', type: string, body: object) {
  return {
    summary: `Export responses as ${format} (streamed; formula cells neutralised), with the results filters, oldest first, in parts of 10,000`,
    security: admin,
    parameters: [
      surveyParam,
      ...['period', 'from', 'to', 'category', 'theme'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
      { name: 'q', in: 'query', required: false, description: 'Words the reason or follow-up must contain', schema: { type: 'string', maxLength: 200 } },
      { name: 'after', in: 'query', required: false, description: 'Where the part starts: from the Link header of the part before', schema: { type: 'string' } },
      { name: 'part', in: 'query', required: false, description: 'Number of the part, for the file name', schema: { type: 'integer', minimum: 1 } },
    ],
    responses: {
      200: {
        description: `${format}, one row per response; every part but the last has Link: <next part>; rel="next"`,
        headers: { Link: { description: 'RFC 8288: the next part of the export', schema: { type: 'string' } } },
        content: { [type]: { schema: body } },
      },
      400: problemReply('Invalid filter'),
      401: problemReply('No or wrong credentials'),
      404: problemReply('Unknown survey'),
    },
  };
}

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'NPS collection API',
      version: '1',
      description:
        'Collects Net Promoter Score answers. Public: responses. Admin (Bearer ADMIN_TOKEN): invitations and summaries.',
    },
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Submission: schema(submissionSchema),
        SubmissionReceipt: output(submissionReceiptSchema),
        Amendment: schema(amendmentSchema),
        InvitationRequest: schema(invitationRequestSchema),
        InvitationResult: output(invitationResultSchema),
        Summary: output(summarySchema),
        Problem: output(problemSchema),
      },
    },
    paths: {
      '/api/surveys/{survey}/responses': {
        post: {
          summary: 'Record an answer (JSON, or a form that is answered with 303 to the thank-you page)',
          parameters: [
            surveyParam,
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 128 } },
          ],
          requestBody: {
            required: true,
            content: {
              ...json({ $ref: '#/components/schemas/Submission' }),
              'application/x-www-form-urlencoded': { schema: { type: 'object' } },
            },
          },
          responses: {
            201: { description: 'Stored', content: json({ $ref: '#/components/schemas/SubmissionReceipt' }) },
            303: { description: 'Form post stored; Location is the thank-you page' },
            400: problemReply('A field is invalid; issues name each one'),
            404: problemReply('Unknown survey'),
            410: problemReply('Survey closed'),
            413: problemReply('Body over 16 KB'),
            415: problemReply('Not JSON or a form'),
            429: problemReply('Rate limited (per address and survey)'),
            503: problemReply('Storage unavailable; retry after Retry-After seconds'),
          },
        },
      },
      '/api/surveys/{survey}/responses/{id}': {
        patch: amendment,
        // A plain form cannot send PATCH: the thank-you page's follow-up form posts the same fields.
        post: { ...amendment, summary: `${amendment.summary}; the same as PATCH, for a plain form` },
      },
      '/api/invitations': {
        post: {
          summary: 'Invite up to 1,000 recipients; returns the links to put in each e-mail',
          security: admin,
          requestBody: { required: true, content: json({ $ref: '#/components/schemas/InvitationRequest' }) },
          responses: {
            201: {
              description: 'One result per recipient, in order',
              content: json({
                type: 'object',
                properties: {
                  survey: { type: 'string' },
                  results: { type: 'array', items: { $ref: '#/components/schemas/InvitationResult' } },
                },
              }),
            },
            400: problemReply('Invalid'),
            401: problemReply('No or wrong admin token'),
            404: problemReply('Unknown survey'),
          },
        },
      },
      '/api/surveys/{survey}/responses.csv': { get: exportOperation('CSV', 'text/csv', { type: 'string' }) },
      '/api/surveys/{survey}/responses.json': { get: exportOperation('JSON', 'application/json', { type: 'array', items: { type: 'object' } }) },
      '/api/openapi.json': {
        get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } },
      },
      '/api/admin/regenerate': {
        post: {
          summary: 'Run the scheduled rollup now: one run of at most 50 D1 queries; call again until caughtUp',
          security: admin,
          responses: {
            200: {
              description: 'What was folded',
              content: json({
                type: 'object',
                properties: {
                  responses: { type: 'integer' },
                  invitations: { type: 'integer' },
                  setAside: {
                    type: 'array',
                    description: 'Rows this run set aside: they can never be folded (their data, or over D1 limits)',
                    items: {
                      type: 'object',
                      properties: {
                        stream: { enum: ['responses', 'invitations'] },
                        id: { type: 'string' },
                        survey: { type: 'string' },
                        position: { type: 'integer' },
                        reason: { type: 'string' },
                      },
                    },
                  },
                  caughtUp: { type: 'boolean' },
                  dataAsOf: { type: ['integer', 'null'], description: 'ms since the epoch' },
                },
              }),
            },
            401: problemReply('No or wrong credentials'),
          },
        },
      },
      '/api/surveys/{survey}/summary': {
        get: {
          summary: 'Live NPS counts with optional period and segment filters',
          security: admin,
          parameters: [
            surveyParam,
            ...Object.keys(schema(summaryQuerySchema).properties ?? {}).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
            { name: 'filter', in: 'query', required: false, style: 'form', explode: true, description: 'any segment dimension of the survey, e.g. department=Support', schema: { type: 'object', additionalProperties: { type: 'string' } } },
          ],
          responses: {
            200: { description: 'Counts and NPS', content: json({ $ref: '#/components/schemas/Summary' }) },
            400: problemReply('Invalid filter'),
            401: problemReply('No or wrong admin token'),
            404: problemReply('Unknown survey'),
          },
        },
      },
    },
  };
}

let document: ReturnType<typeof openApiDocument> | undefined;

/** Mounted at /api. */
export const openapi = new Hono<AppEnv>().get('/openapi.json', (c) => c.json((document ??= openApiDocument())));
