/** Loader of /results/alerts: the alert and digest deliveries not made (queued, retrying, dead), in two queries. */
import { rollupStatus } from '../db/rollups';
import { undelivered } from '../db/deliveries';
import { storageUnavailable } from './reply';

/** Of each kind at most: the page stays one bounded read however many deliveries fail. */
export const DELIVERIES_SHOWN = 100;

export async function loadDeliveriesPage(db: D1Database) {
  try {
    const [status, deliveries] = await Promise.all([rollupStatus(db), undelivered(db, DELIVERIES_SHOWN)]);
    return { status, deliveries };
  } catch (error) {
    return storageUnavailable(error);
  }
}
