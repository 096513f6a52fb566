/** Outcomes in D1: what the CRM reports of each contact, and the loyalty report's cohort figures. */
import type { Category } from '@/nps/category';
import type { Outcome } from '@/schemas/outcome';
import { dayOf } from '@/report/days';

/**
 * A contact as the CRM names it: its own id (contact key 'ext:<id>') or an e-mail address (the
 * contact keyed by it, or any contact holding it, contacts_by_email); the CRM's own id first.
 */
const CONTACT_OF = (name: string) =>
  `(SELECT c.id FROM contacts AS c WHERE c.contact_key = 'ext:' || ${name} OR c.email = lower(${name})
    ORDER BY c.contact_key = 'ext:' || ${name} DESC, c.contact_key = 'email:' || lower(${name}) DESC, c.created_at LIMIT 1)`;

/**
 * Records a batch in two statements whatever its size (one JSON parameter): the positions whose
 * contact is unknown, then an upsert of the others. One row per contact, type and day: the same
 * report again changes nothing, a later report of the same day replaces the amount.
 */
export async function recordOutcomes(db: D1Database, outcomes: Outcome[], now = Date.now()) {
  const payload = JSON.stringify(
    outcomes.map((o, i) => ({ i, contact: o.contact, type: o.type, day: dayOf(o.at), at: o.at, amount: o.amount ?? null, currency: o.currency ?? null })),
  );
  const [unknown, written] = await db.batch<{ i: number }>([
    db.prepare(`SELECT o.value->>'i' AS i FROM json_each(?1) AS o WHERE ${CONTACT_OF("(o.value->>'contact')")} IS NULL`).bind(payload),
    db
      .prepare(
        `INSERT INTO outcomes (contact_id, type, day, at, amount, currency, created_at)
         SELECT ${CONTACT_OF("(o.value->>'contact')")} AS contact_id, o.value->>'type', o.value->>'day',
                o.value->>'at', o.value->>'amount', o.value->>'currency', ?2
         FROM json_each(?1) AS o WHERE contact_id IS NOT NULL
         ON CONFLICT (contact_id, type, day) DO UPDATE SET at = excluded.at, amount = excluded.amount, currency = excluded.currency`,
      )
      .bind(payload, now),
  ]);
  return { recorded: written!.meta.changes, unknown: unknown!.results.map((row) => Number(row.i)) };
}

export interface Cohort {
  /** '' for every survey. */
  survey: string;
  /** Latest answers from `from` (inclusive) to `to` (exclusive), epoch ms. */
  from: number;
  to: number;
  months: number;
}

export interface ChurnRow {
  category: Category;
  contacts: number;
  churned: number;
}

export interface RevenueRow {
  category: Category;
  currency: string | null;
  total: number;
  /** Contacts in the category with a revenue outcome in this currency. */
  reporting: number;
}

// Each contact's latest answer (to the survey, or to any: survey ''), as contact_answers keeps it
// (migrations/0013) for the not-contacted report. The cohort is those whose latest answer falls in
// the period; an outcome counts when it comes after the answer and within `months` calendar months
// of it, for any contact row of the same person (the CRM's id or the e-mail).
const COHORT = `
  WITH latest AS (
    SELECT a.contact_id, r.category, r.created_at AS answered_at
    FROM contact_answers AS a JOIN responses AS r ON r.id = a.response_id WHERE a.survey = ?1
  ),
  cohort AS (
    SELECT contact_id, category, answered_at,
           CAST(strftime('%s', answered_at / 1000, 'unixepoch', ?4) AS INTEGER) * 1000 AS horizon
    FROM latest WHERE answered_at >= ?2 AND answered_at < ?3
  ),
  person AS (
    SELECT k.contact_id, f.id AS member FROM cohort AS k JOIN contacts AS me ON me.id = k.contact_id
    JOIN contacts AS f ON f.id = me.id OR f.email = me.email
  )`;
const FOLLOWED = `o.contact_id IN (SELECT member FROM person WHERE person.contact_id = k.contact_id) AND o.at > k.answered_at AND o.at <= k.horizon`;

/** The cohort's churn and revenue by category: two statements in one round trip. */
export async function loyaltyFigures(db: D1Database, cohort: Cohort) {
  const params = [cohort.survey, cohort.from, cohort.to, `+${cohort.months} months`];
  const [churn, revenue] = await db.batch([
    db
      .prepare(
        `${COHORT}
         SELECT k.category, count(*) AS contacts,
                sum(EXISTS (SELECT 1 FROM outcomes AS o WHERE o.type = 'churned' AND ${FOLLOWED})) AS churned
         FROM cohort AS k GROUP BY k.category`,
      )
      .bind(...params),
    db
      .prepare(
        `${COHORT}
         SELECT k.category, o.currency, sum(o.amount) AS total, count(DISTINCT k.contact_id) AS reporting
         FROM cohort AS k JOIN outcomes AS o ON o.type = 'revenue' AND ${FOLLOWED}
         GROUP BY k.category, o.currency`,
      )
      .bind(...params),
  ]);
  return { churn: churn!.results as unknown as ChurnRow[], revenue: revenue!.results as unknown as RevenueRow[] };
}
