/** Reading the follow-up queue: the filters of a query string checked against the catalogue, one page and its cursor. */
import { decodeCursor, encodeCursor } from '@/report/cursor';
import { dateOf } from '@/report/days';
import { lastAnswerDayDueBy } from '@/follow-ups/due';
import { followUpOf } from '@/follow-ups/item';
import { followUpQueryFields, followUpQuerySchema, type FollowUp, type FollowUpQuery } from '@/schemas/follow-up';
import { getSurvey, listSurveys } from '../surveys/catalog';
import { listFollowUps } from '../db/follow-ups';
import { issuesOf, type Issue } from '../api/problems';

export type QueuePage = { query: FollowUpQuery; items: FollowUp[]; next: string | null };
export type QueueRefusal = { status: 400 | 404; issues: Issue[] };

/** The filters, or the fields at fault: an unknown survey is 404, a dimension no survey (or not the chosen one) has is 400. */
export function readQueueQuery(params: URLSearchParams): { query: FollowUpQuery } | QueueRefusal {
  const parsed = followUpQuerySchema.safeParse(followUpQueryFields(params), { reportInput: true });
  if (!parsed.success) return { status: 400, issues: issuesOf(parsed.error) };
  const query = parsed.data;
  const chosen = query.survey === undefined ? listSurveys() : [getSurvey(query.survey)].filter((s) => s !== undefined);
  if (chosen.length === 0) return { status: 404, issues: [{ path: 'survey', code: 'survey.unknown', message: `no survey "${query.survey}"` }] };
  const dimensions = new Set(chosen.flatMap((survey) => survey.segments));
  const unknown = Object.keys(query.segment).filter((dimension) => !dimensions.has(dimension));
  if (unknown.length > 0) {
    return { status: 400, issues: unknown.map((d) => ({ path: `segment.${d}`, code: 'field.unknown' as const, message: 'is not a segment dimension of the survey' })) };
  }
  return { query };
}

/** One page, newest answer first: `pageSize` unless the query asks for fewer or more (up to its maximum). */
export async function readQueue(db: D1Database, params: URLSearchParams, pageSize: number): Promise<QueuePage | QueueRefusal> {
  const read = readQueueQuery(params);
  if ('issues' in read) return read;
  const { query } = read;
  const limit = query.limit ?? pageSize;
  const due = query.due === undefined ? undefined : { day: query.due, answeredBefore: dateOf(lastAnswerDayDueBy(query.due)).getTime() + 86_400_000 };
  const after = query.after ? decodeCursor(query.after)! : undefined;
  const rows = await listFollowUps(db, { survey: query.survey, status: query.status, owner: query.owner, due, segments: query.segment }, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, ref: last.ref }) : null;
  return { query, items: page.map(followUpOf), next };
}
