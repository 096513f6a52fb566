import { Hono, type Context } from 'hono';
import { csvFormatRows } from 'd3-dsv';
import type { Survey } from '../../src/schemas/survey';
import { responseQuery } from '../../src/report/filters';
import { utcDay } from '../../src/report/segments';
import { findResponses, type ResponseFilter, type ResponseRow } from '../db/response-queries';
import { getSurvey } from '../surveys/catalog';
import type { AppEnv } from '../app';
import { requireAdmin, requireStaff } from '../auth/staff';
import { problem } from './problems';

/**
 * Responses as CSV or JSON with the results site's filters, streamed a page at a time so a
 * large export never sits in memory.
 */
const PAGE = 1000;

/** Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is made plain text. */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function columnsOf(survey: Survey) {
  return [
    'id', 'created_at', 'score', 'category', 'reason', 'follow_up', 'locale', 'channel',
    ...survey.segments, ...survey.questions.extra.map((q) => `answers.${q.id}`),
  ];
}

function recordOf(survey: Survey, row: ResponseRow) {
  const segments = JSON.parse(row.segments) as Record<string, string>;
  const answers = JSON.parse(row.answers) as Record<string, unknown>;
  return {
    id: row.id,
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
  const cells = [r.id, r.created_at, r.score, r.category, r.reason, r.follow_up, r.locale, r.channel, ...Object.values(r.segments), ...Object.values(r.answers)];
  return cells.map((cell) => neutralise(cell === null || cell === undefined ? '' : String(cell)));
}

async function* pages(db: D1Database, survey: Survey, filter: ResponseFilter) {
  let after: { createdAt: number; id: string } | undefined;
  for (;;) {
    const rows = await findResponses(db, survey.id, filter, { order: 'oldest', after, limit: PAGE });
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    after = { createdAt: last.created_at, id: last.id };
    if (rows.length < PAGE) return;
  }
}

function exportResponses(c: Context<AppEnv>, format: 'csv' | 'json') {
  const survey = getSurvey(c.req.param('survey') ?? '');
  if (!survey) return problem(c, 404, 'Unknown survey', [{ path: 'survey', code: 'survey.unknown', message: 'no such survey' }]);
  const query = responseQuery(survey, new URL(c.req.url).searchParams, utcDay(Date.now()));
  if ('error' in query) return problem(c, 400, 'Invalid filter', [{ path: 'query', code: 'invalid', message: query.error }]);
  const encoder = new TextEncoder();
  const db = c.env.DB;
  let separator = '';
  const source = pages(db, survey, query.filter);
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
  const name = `${survey.id}-responses-${query.period.from === '2000-01-01' ? 'all' : query.period.from}-${query.period.to}.${format}`;
  return new Response(stream, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

export const exports = new Hono<AppEnv>()
  .get('/api/surveys/:survey/responses.csv', requireAdmin, (c) => exportResponses(c, 'csv'))
  .get('/api/surveys/:survey/responses.json', requireAdmin, (c) => exportResponses(c, 'json'))
  // The results site's download links: the login cookie opens them as it opens the pages.
  .get('/results/:survey/export.csv', requireStaff, (c) => exportResponses(c, 'csv'))
  .get('/results/:survey/export.json', requireStaff, (c) => exportResponses(c, 'json'));

