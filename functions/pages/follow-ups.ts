/** Loader of /results/follow-ups: the queue's filters (as GET fields), one page of items and the cursor of the next. */
import { listSurveys } from '../surveys/catalog';
import { rollupStatus } from '../db/rollups';
import { readQueue } from '../follow-ups/queue';
import { plainText, storageUnavailable } from './reply';

export const FOLLOW_UPS_PER_PAGE = 25;

export async function loadFollowUpsPage(db: D1Database, url: URL) {
  try {
    const [status, page] = await Promise.all([rollupStatus(db), readQueue(db, url.searchParams, FOLLOW_UPS_PER_PAGE)]);
    if ('issues' in page) return plainText(page.status, page.issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
    const surveys = listSurveys();
    const chosen = surveys.filter((survey) => page.query.survey === undefined || survey.id === page.query.survey);
    return { status, ...page, surveys, dimensions: [...new Set(chosen.flatMap((survey) => survey.segments))] };
  } catch (error) {
    return storageUnavailable(error);
  }
}
