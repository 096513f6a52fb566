/** Loader of /results/loyalty: the loyalty report for ?survey, ?months, ?from and ?to, as the API gives it. */
import { loyaltyQuerySchema } from '@/schemas/outcome';
import { listSurveys } from '../surveys/catalog';
import { rollupStatus } from '../db/rollups';
import { loyaltyOf } from '../api/loyalty';
import { plainText, storageUnavailable } from './reply';

export async function loadLoyaltyPage(db: D1Database, url: URL) {
  // The form sends every field; an empty one means its default.
  const fields = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
  const parsed = loyaltyQuerySchema.safeParse(fields);
  if (!parsed.success) return plainText(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('\n'));
  try {
    const [status, report] = await Promise.all([rollupStatus(db), loyaltyOf(db, parsed.data)]);
    if (report === 'unknown survey') return plainText(404, 'No such survey');
    return { status, report, surveys: listSurveys().map((s) => s.id), query: parsed.data };
  } catch (error) {
    return storageUnavailable(error);
  }
}
