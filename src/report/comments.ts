import { env } from 'cloudflare:workers';
import { findResponses } from '../../functions/db/response-queries';
import { rollupStatus } from '../../functions/db/rollups';
import { getSurvey } from '../../functions/surveys/catalog';
import { plainText, storageUnavailable } from '../survey/load';
import { utcDay } from './segments';
import { responseQuery } from './filters';

export const COMMENTS_PER_PAGE = 25;

/** /results/<survey>/comments: ?category, segment dimensions, period, ?q, ?before (cursor). */
export async function loadCommentsPage(id: string | undefined, url: URL) {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  const query = responseQuery(survey, url.searchParams, utcDay(Date.now()));
  if ('error' in query) return plainText(400, query.error);
  const cursor = /^(\d+)\.([0-9a-f]{16})$/.exec(url.searchParams.get('before') ?? '');
  try {
    const [status, rows] = await Promise.all([
      rollupStatus(env.DB),
      findResponses(
        env.DB,
        survey.id,
        { ...query.filter, withComment: true },
        { order: 'newest', after: cursor ? { createdAt: Number(cursor[1]), ref: cursor[2]! } : undefined, limit: COMMENTS_PER_PAGE + 1 },
      ),
    ]);
    const page = rows.slice(0, COMMENTS_PER_PAGE);
    const last = page.at(-1);
    const next = rows.length > COMMENTS_PER_PAGE && last ? `${last.created_at}.${last.ref}` : null;
    return { status, survey, ...query, comments: page, next };
  } catch (error) {
    return storageUnavailable(error);
  }
}
