/** Responses as CSV or JSON, in parts: the admin API's export and the results site's download links. */
import { Hono, type Context } from 'hono';
import { csvFormatRows } from 'd3-dsv';
import type { Survey } from '@/schemas/survey';
import { responseQuery } from '@/report/filters';
import { decodeCursor, encodeCursor, type Position } from '@/report/cursor';
import { EARLIEST_DAY, today } from '@/report/days';
import { EXPORT_PART_ROWS, findResponses, partEnd, type ResponseFilter, type ResponseRow } from '../db/response-queries';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { requireAdmin } from '../auth/staff';
import { problem } from './problems';
import { ADMIN_ONLY, describeRoute, pathParam, problemReply } from './describe';

/**
 * With the results site's filters, oldest first, in parts of
 * EXPORT_PART_ROWS (functions/db/response-queries.ts) so one request stays inside D1's queries per
 * invocation; each part is streamed a page at a time and names the next in a Link header.
 */
const PAGE = 1000;

/** Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is made plain text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function columnsOf(survey: Survey) {
  return [
    'ref', 'created_at', 'score', 'category', 'reason', 'follow_up', 'locale', 'channel',
    ...survey.segments, ...survey.questions.extra.map((q) => `answers.${q.id}`),
  ];
}

function recordOf(survey: Survey, row: ResponseRow) {
  const segments = JSON.parse(row.segments) as Record<string, string>;
  const answers = JSON.parse(row.answers) as Record<string, unknown>;
  return {
    ref: row.ref,
    created_at: new Date(row.created_at).toISOString(),
    score: row.score,
    category: row.category,
    reason: row.reason,
    follow_up: row.follow_up,
    locale: row.locale,
    channel: row.channel,
    segments: Object.fromEntries(survey.segments.map((d) => [d, segments[d] ?? null])),
    answers: Object.fromEntries(survey.questions.extra.map((q) => [q.id, answers[q.id] ?? null])),
  };
}

function csvCells(survey: Survey, row: ResponseRow): string[] {
  const r = recordOf(survey, row);
  const cells = [r.ref, r.created_at, r.score, r.category, r.reason, r.follow_up, r.locale, r.channel, ...Object.values(r.segments), ...Object.values(r.answers)];
  return cells.map((cell) => neutralise(cell === null || cell === undefined ? '' : String(cell)));
}

/** One part's rows, a page at a time so it never sits in memory; stops at the part's end. */
async function* pages(db: D1Database, survey: Survey, filter: ResponseFilter, after: Position | undefined, until: Position | undefined) {
  for (;;) {
    const rows = await findResponses(db, survey.id, filter, { order: 'oldest', after, until, limit: PAGE });
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    if (rows.length < PAGE || (until && last.ref === until.ref && last.created_at === until.createdAt)) return;
    after = { createdAt: last.created_at, ref: last.ref };
  }
}

/** ?part: the part's number, only for the file name. */
const PART = /^[1-9]\d{0,5}$/;

export async function exportResponses(c: Context<SurveyEnv>, format: 'csv' | 'json') {
  const survey = c.var.survey;
  const url = new URL(c.req.url);
  const query = responseQuery(survey, url.searchParams, today());
  if ('error' in query) return problem(c, 400, 'Invalid filter', [{ path: query.field, code: 'invalid', message: query.error }]);
  const cursor = url.searchParams.get('after');
  const after = cursor === null ? undefined : decodeCursor(cursor);
  if (after === null || after?.rank !== undefined) {
    return problem(c, 400, 'Invalid cursor', [{ path: 'after', code: 'invalid', message: 'must be the after= value of a Link header or an export page link' }]);
  }
  const part = url.searchParams.get('part') ?? '1';
  if (!PART.test(part)) return problem(c, 400, 'Invalid part', [{ path: 'part', code: 'invalid', message: 'must be a whole number from 1' }]);
  const db = c.env.DB;
  // Before the first byte: where this part ends and whether another follows (a D1 failure here
  // is a clean 503, and the Link header can be sent).
  const { end, more } = await partEnd(db, survey.id, query.filter, after, EXPORT_PART_ROWS);
  const encoder = new TextEncoder();
  let separator = '';
  const source = pages(db, survey, query.filter, after, end);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(format === 'csv' ? `${csvFormatRows([columnsOf(survey)])}\n` : '['));
    },
    async pull(controller) {
      const { value: rows, done } = await source.next();
      if (done) {
        if (format === 'json') controller.enqueue(encoder.encode(']\n'));
        controller.close();
        return;
      }
      if (format === 'csv') {
        controller.enqueue(encoder.encode(`${csvFormatRows(rows.map((row) => csvCells(survey, row)))}\n`));
        return;
      }
      let chunk = '';
      for (const row of rows) {
        chunk += `${separator}\n${JSON.stringify(recordOf(survey, row))}`;
        separator = ',';
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const numbered = more || part !== '1' ? `-part-${part}` : '';
  const name = `${survey.id}-responses-${query.period.from === EARLIEST_DAY ? 'all' : query.period.from}-${query.period.to}${numbered}.${format}`;
  const headers = new Headers({
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'private, no-store',
  });
  if (more && end) {
    const next = new URL(url);
    next.searchParams.set('after', encodeCursor(end));
    next.searchParams.set('part', String(Number(part) + 1));
    // RFC 8288: the rest of the export, for scripts to follow until there is no rel="next".
    headers.set('Link', `<${next.href}>; rel="next"`);
  }
  return new Response(stream, { headers });
}

/** The export in either format: the same filters, parts and Link headers. */
function describeExport(format: 'CSV' | 'JSON', type: string, body: object) {
  const query = (name: string, schema: object, description?: string) => ({
    name,
    in: 'query' as const,
    required: false,
    ...(description && { description }),
    schema,
  });
  return describeRoute({
    summary: `Export responses as ${format} (streamed; formula cells neutralised), with the results filters, oldest first, in parts of 10,000`,
    security: ADMIN_ONLY,
    parameters: [
      pathParam('survey'),
      ...['period', 'from', 'to', 'category', 'theme'].map((name) => query(name, { type: 'string' })),
      query('q', { type: 'string', maxLength: 200 }, 'Words the reason or follow-up must contain'),
      query('after', { type: 'string' }, 'Where the part starts: from the Link header of the part before'),
      query('part', { type: 'integer', minimum: 1 }, 'Number of the part, for the file name'),
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
  });
}

/** The admin API's export: mounted at /api/surveys. */
export const exportApi = new Hono<SurveyEnv>()
  .get(
    '/:survey/responses.csv',
    describeExport('CSV', 'text/csv', { type: 'string' }),
    requireAdmin,
    surveyParam(),
    (c) => exportResponses(c, 'csv'),
  )
  .get(
    '/:survey/responses.json',
    describeExport('JSON', 'application/json', { type: 'array', items: { type: 'object' } }),
    requireAdmin,
    surveyParam(),
    (c) => exportResponses(c, 'json'),
  );
