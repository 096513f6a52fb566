/** The not-contacted report in D1: answered contacts not touched since a cutoff, riskiest first, one query a page. */
import type { NotContactedRow, ReportPosition } from '@/report/not-contacted';

export interface NotContactedFilter {
  /** Contacts last touched before this time (ms), or never. */
  before: number;
  /** Only this survey's answers; all surveys when undefined. */
  survey?: string;
}

/**
 * One page, after `after`: each contact not touched since the cutoff (contacts_by_last_touch), with
 * its latest answer (responses_by_contact), in (risk, last touch with never first, contact) order.
 * Every candidate is read to order them, so a page costs one query and index reads for each
 * contact not touched in the window; only `limit` rows are kept and sent.
 */
export async function findNotContacted(db: D1Database, filter: NotContactedFilter, page: { after?: ReportPosition; limit: number }) {
  const after = page.after ?? { risk: -1, lastTouch: -1, contact: '' };
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT c.id, c.external_id, c.email, c.name, c.last_touched_at,
                r.score, r.category, r.survey, r.created_at AS answered_at,
                CASE r.category WHEN 'detractor' THEN 0 WHEN 'passive' THEN 1 ELSE 2 END AS risk
         FROM contacts AS c
         JOIN responses AS r ON r.id = (
           SELECT l.id FROM responses AS l
           WHERE l.contact_id = c.id AND (?2 IS NULL OR l.survey = ?2)
           ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
         WHERE c.last_touched_at IS NULL OR c.last_touched_at < ?1
       )
       WHERE (risk, coalesce(last_touched_at, -1), id) > (?3, ?4, ?5)
       ORDER BY risk, coalesce(last_touched_at, -1), id
       LIMIT ?6`,
    )
    .bind(filter.before, filter.survey ?? null, after.risk, after.lastTouch, after.contact, page.limit)
    .all<NotContactedRow>();
  return results;
}
