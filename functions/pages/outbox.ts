/** Loaders of /results/outbox (every mail, filtered by survey and status, 50 a page) and /results/outbox/<id> (one mail). */
import { outboxQuerySchema } from '@/schemas/outbox';
import { rollupStatus } from '../db/rollups';
import { listSurveys } from '../surveys/catalog';
import { readMail, readOutbox } from '../mail/outbox';
import { plainText, storageUnavailable } from './reply';

/** ?survey, ?status and ?after (the "More" link's cursor). */
export async function loadOutboxPage(db: D1Database, url: URL) {
  const query = outboxQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return plainText(400, query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  try {
    const [status, page] = await Promise.all([rollupStatus(db), readOutbox(db, query.data)]);
    return { status, surveys: listSurveys().map((s) => s.id), filter: query.data, ...page };
  } catch (error) {
    return storageUnavailable(error);
  }
}

export async function loadOutboxMessage(db: D1Database, id: string | undefined, url: URL) {
  try {
    const [status, mail] = await Promise.all([rollupStatus(db), id ? readMail(db, id, url.origin) : undefined]);
    if (!mail) return plainText(404, 'No such mail');
    return { status, mail };
  } catch (error) {
    return storageUnavailable(error);
  }
}
