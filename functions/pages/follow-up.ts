/** Loader of /results/follow-ups/<ref>: the answer, its follow-up and history, the call script with the customer's score. */
import { callScript } from '@/follow-ups/call-script';
import { followUpOf, historyOf } from '@/follow-ups/item';
import { getSurvey } from '../surveys/catalog';
import { rollupStatus } from '../db/rollups';
import { findFollowUpWithHistory } from '../db/follow-ups';
import { isRef } from '../follow-ups/change';
import { plainText, storageUnavailable } from './reply';

export async function loadFollowUpPage(db: D1Database, ref: string | undefined) {
  if (!ref || !isRef(ref)) return plainText(404, 'No such follow-up');
  try {
    const [status, found] = await Promise.all([rollupStatus(db), findFollowUpWithHistory(db, ref)]);
    if (!found) return plainText(404, 'No such follow-up');
    const item = followUpOf(found.row);
    const dimensions = getSurvey(item.survey)?.segments ?? Object.keys(item.segments);
    const segments = dimensions.flatMap((d) => (item.segments[d] ? [[d, item.segments[d]] as const] : []));
    return { status, item, segments, history: historyOf(found.history), script: callScript(item.score) };
  } catch (error) {
    return storageUnavailable(error);
  }
}
