/** Loader of /results/<survey>/comments: the filters, one page of comments and the cursor of the next. */
import { commentOf } from '@/report/comments';
import { decodeCursor, encodeCursor } from '@/report/cursor';
import { today } from '@/report/days';
import { responseQuery } from '@/report/filters';
import { findResponses } from '../db/response-queries';
import { rollupStatus } from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

export const COMMENTS_PER_PAGE = 25;

/**
 * ?category, segment dimensions, period, ?theme, ?q, and ?after, the cursor of the "More" link.
 * Newest first; with ?q best match first, newest among equals. The page passes its D1 binding.
 */
export async function loadCommentsPage(db: D1Database, id: string | undefined, url: URL) {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const query = responseQuery(survey, url.searchParams, today());
  if ('error' in query) return plainText(400, query.error);
  const cursor = url.searchParams.get('after');
  const after = cursor ? decodeCursor(cursor) : undefined;
  const order = query.q ? 'relevance' : 'newest';
  if (after === null || (after && (after.rank !== undefined) !== (order === 'relevance'))) {
    return plainText(400, 'after must be the value of a "More comments" link');
  }
  try {
    const [status, rows] = await Promise.all([
      rollupStatus(db),
      findResponses(db, survey.id, { ...query.filter, withComment: true }, { order, after, limit: COMMENTS_PER_PAGE + 1 }),
    ]);
    const page = rows.slice(0, COMMENTS_PER_PAGE);
    const last = page.at(-1);
    const next = rows.length > COMMENTS_PER_PAGE && last ? encodeCursor({ rank: last.rank, createdAt: last.created_at, ref: last.ref }) : null;
    return { status, survey, ...query, order, comments: page.map(commentOf), next };
  } catch (error) {
    return storageUnavailable(error);
  }
}
