/** The scheduled retention sweep: comments and contact details of answers older than a survey's retentionDays, erased step by step. */
import type { Survey } from '@/schemas/survey';
import { eraseOldRows, oldRows, type RetentionCounts, type RetentionStream } from '../db/retention';
import { contactKeys, suppressionHashes } from '../erasure/suppression';
import { anonymousAnswers } from '../erasure/anonymous';
import { listSurveys } from '../surveys/catalog';

const DAY_MS = 86_400_000;
const RUN_MS = 15 * 60_000;

/**
 * The sweep's share of the Cron run's 50 D1 queries (functions/worker.ts; the rollup takes what is
 * left, the alert sweep its 4): a step reads once, then writes a batch of 8 statements (answers)
 * or 4 (invitations). 10 is one step of answers, or, once a survey's answers are done, of its
 * invitations. Taken only when a survey has retentionDays.
 */
const STEP_QUERIES: Record<RetentionStream, number> = { responses: 1 + 9, invitations: 1 + 4 };
export const RETENTION_QUERIES = 10;

/** Rows a step erases at most. */
export const RETENTION_STEP = 500;

export interface RetentionOptions {
  surveys?: readonly Survey[];
  /** The SUPPRESSION_KEY secret: without it an unsubscribed contact's details are kept, so the unsubscribe holds. */
  suppressionKey?: string;
  maxQueries?: number;
  /** Rows per step: their ids bound as one JSON parameter each, far inside D1's 1 MB per value. */
  stepSize?: number;
  now?: number;
}

/** The D1 queries the sweep may take from each Cron run: none unless a survey keeps answers for a limited time. */
export const retentionQueries = (surveys: readonly Survey[] = listSurveys()) => (surveys.some((s) => s.retentionDays !== undefined) ? RETENTION_QUERIES : 0);

/** One run: steps over the surveys with retentionDays (each run starting at the next one, so none waits for another's backlog) within its queries. */
export async function sweepRetention(db: D1Database, options: RetentionOptions = {}): Promise<RetentionCounts> {
  const { surveys = listSurveys(), suppressionKey, maxQueries = RETENTION_QUERIES, stepSize = RETENTION_STEP, now = Date.now() } = options;
  const kept = surveys.filter((s) => s.retentionDays !== undefined);
  const report: RetentionCounts = { responses: 0, invitations: 0, contacts: 0 };
  const first = Math.floor(now / RUN_MS) % Math.max(kept.length, 1);
  let queries = 0;
  for (const survey of [...kept.slice(first), ...kept.slice(0, first)]) {
    for (const stream of ['responses', 'invitations'] as const) {
      if (queries + STEP_QUERIES[stream] > maxQueries) return report;
      queries += 1;
      const rows = await oldRows(db, stream, survey.id, now - survey.retentionDays! * DAY_MS, stepSize);
      if (rows.length === 0) continue;
      const unsubscribed = rows.filter((r) => r.unsubscribed && r.contact_key !== null);
      const hashes = suppressionKey
        ? await suppressionHashes(suppressionKey, [...new Set(unsubscribed.flatMap((r) => contactKeys({ contact_key: r.contact_key!, email: r.email })))])
        : [];
      const contacts = rows.filter((r) => r.contact_id !== null && (suppressionKey || !r.unsubscribed)).map((r) => r.contact_id!);
      queries += STEP_QUERIES[stream] - 1;
      const counts = await eraseOldRows(db, { survey: survey.id, stream, rows, hashes, contacts: [...new Set(contacts)], anonymous: anonymousAnswers(), now });
      report.responses += counts.responses;
      report.invitations += counts.invitations;
      report.contacts += counts.contacts;
    }
  }
  return report;
}
