/** The not-contacted report in D1: answered contacts not touched since a cutoff, riskiest first, one query a page. */
import type { NotContactedRow, ReportPosition } from '@/report/not-contacted';
import { CATEGORIES } from '@/nps/category';

export interface NotContactedFilter {
  /** Contacts last touched before this time (ms), or never. */
  before: number;
  /** Only this survey's answers; all surveys when undefined. */
  survey?: string;
}

// One risk class of contact_answers (migration 0013), from where the page starts in it: an index
// range (survey, risk, touched < cutoff) read from the start bound, at most `limit` rows. A class
// before the cursor's is skipped by a constant term, which SQLite checks before reading anything.
const riskClass = (risk: number, n: number) => `
  SELECT * FROM (
    SELECT contact_id, response_id, risk, touched FROM contact_answers
    WHERE ?${n} AND survey = ?1 AND risk = ${risk} AND touched < ?2 AND (touched, contact_id) > (?${n + 1}, ?${n + 2})
    ORDER BY touched, contact_id LIMIT ?3)`;

const PAGE_SQL = `
SELECT c.id, c.external_id, c.email, c.name, c.last_touched_at,
       r.score, r.category, r.survey, r.created_at AS answered_at
FROM (${CATEGORIES.map((_, risk) => riskClass(risk, 4 + risk * 3)).join(' UNION ALL ')}) AS a
JOIN contacts AS c ON c.id = a.contact_id
JOIN responses AS r ON r.id = a.response_id
ORDER BY a.risk, a.touched, a.contact_id
LIMIT ?3`;

/**
 * One page, after `after`, in (risk, last touch with never first, contact) order: each contact's
 * latest answer from contact_answers, read from at most three index ranges of `limit` rows, so a
 * page reads the same few rows however many contacts there are.
 */
export async function findNotContacted(db: D1Database, filter: NotContactedFilter, page: { after?: ReportPosition; limit: number }) {
  const after = page.after ?? { risk: 0, lastTouch: -2, contact: '' };
  // Per class: whether it is read at all, and the (touched, contact) it starts after.
  const starts = CATEGORIES.flatMap((_, risk) =>
    risk < after.risk ? [0, 0, ''] : risk === after.risk ? [1, after.lastTouch, after.contact] : [1, -2, ''],
  );
  const { results } = await db
    .prepare(PAGE_SQL)
    .bind(filter.survey ?? '', filter.before, page.limit, ...starts)
    .all<NotContactedRow>();
  return results;
}
