import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getSurvey } from '@/survey/catalog';
import { findInvitation, inviteRecipients } from '../../functions/db/invitations';
import { saveResponse } from '../../functions/db/responses';
import { foldNewRows } from '../../functions/jobs/rollup';
import { parsePeriod } from '@/report/days';
import { MAX_TREND_POINTS } from '@/report/trend';
import { loadSurveyReport } from '../../functions/pages/survey-report';
import { uniqueName } from '../support/api';
import { addScoreRow } from '../support/rollup-rows';

const demo = getSurvey('demo')!;

/** Folded answers for one department, as the rollup leaves them (by day and by month): [day, score, answers]. */
async function departmentDays(department: string, days: [string, number, number][]) {
  await env.DB.batch(
    days.flatMap(([day, score, answers]) => {
      const row = { survey: 'demo', segment_path: JSON.stringify([department]), parent_path: '[]', level: 1, score, answers };
      return [addScoreRow(env.DB, 'rollup_days', { ...row, at: day }), addScoreRow(env.DB, 'rollup_months', { ...row, at: `${day.slice(0, 7)}-01` })];
    }),
  );
}

/** Invitations to one function of a department, sent at `sentAt`; returns their tokens. */
async function inviteAt(segments: Record<string, string>, count: number, sentAt: number) {
  const recipients = Array.from({ length: count }, () => ({ externalId: crypto.randomUUID(), segments }));
  return (await inviteRecipients(env.DB, demo, recipients, sentAt)).map((o) => ('invitation' in o ? o.invitation : ''));
}

async function answerAt(token: string, answeredAt: number) {
  const invitation = (await findInvitation(env.DB, token))!;
  await saveResponse(
    env.DB,
    { survey: 'demo', score: 9, category: 'promoter', answers: {}, segments: JSON.parse(invitation.segments), locale: 'en', channel: 'invitation', invitationId: token, contactId: invitation.contact_id },
    answeredAt,
  );
}

function report(department: string, query: string) {
  const period = parsePeriod(new URLSearchParams(query), '2026-06-30');
  if ('error' in period) throw new Error(period.error);
  return loadSurveyReport(env.DB, demo, [department], period);
}

describe('the survey report', () => {
  it('reads an absurd custom period within the data: a few rows and at most 120 trend points', async () => {
    const department = uniqueName('Ages');
    await departmentDays(department, [['2012-03-05', 9, 6], ['2019-11-20', 3, 6], ['2025-07-01', 10, 8]]);
    const ages = await report(department, 'from=0001-01-01&to=9999-12-31');
    expect(ages.headline.n).toBe(20);
    expect(ages.trend.granularity).toBe('month');
    expect(ages.trend.points.length).toBeLessThanOrEqual(MAX_TREND_POINTS);
    // The trend ends at the data's last month, not in the year 9999.
    expect(ages.trend.points.at(-1)).toMatchObject({ day: '2025-07-01', n: 8 });
    expect(ages.trend.points.reduce((sum, p) => sum + p.n, 0)).toBe(14);
    expect(ages.change).toBeNull();
  });

  it('a year with two weeks of answers is drawn by week over those weeks only', async () => {
    const department = uniqueName('Weeks');
    await departmentDays(department, [['2026-03-04', 9, 6], ['2026-03-18', 9, 6]]);
    const weeks = await report(department, 'from=2026-01-01&to=2026-12-31');
    expect(weeks.trend.granularity).toBe('week');
    expect(weeks.trend.points.map((p) => [p.day, p.n])).toEqual([['2026-03-02', 6], ['2026-03-09', 0], ['2026-03-16', 6]]);
  });

  it('the response rate is the share of the invitations sent in the period that were answered, whenever', async () => {
    const department = uniqueName('Rate');
    const segments = { department, function: 'Desk' };
    const january = await inviteAt(segments, 4, Date.UTC(2026, 0, 10));
    const february = await inviteAt(segments, 2, Date.UTC(2026, 1, 10));
    // Three January invitations answered in February, one February invitation in March.
    for (const token of january.slice(0, 3)) await answerAt(token, Date.UTC(2026, 1, 12));
    await answerAt(february[0]!, Date.UTC(2026, 2, 5));
    await foldNewRows(env.DB);

    const jan = await report(department, 'from=2026-01-01&to=2026-01-31');
    expect(jan.responseRate).toEqual({ answered: 3, invitations: 4, rate: 0.75 });
    // No answers in January, yet the function invited then is listed with its rate.
    expect(jan.children.map((c) => [c.label, c.estimate.n, c.responseRate.rate])).toEqual([['Desk', 0, 0.75]]);
    const feb = await report(department, 'from=2026-02-01&to=2026-02-28');
    expect(feb.responseRate).toEqual({ answered: 1, invitations: 2, rate: 0.5 });
    expect(feb.children.map((c) => [c.label, c.responseRate])).toEqual([['Desk', { answered: 1, invitations: 2, rate: 0.5 }]]);
  });

  it('never marks a trend point as a significant change against a point hidden by the privacy floor', async () => {
    const department = uniqueName('Floor');
    // A week of 4 detractors (under the floor of 5), then a week of 30 promoters.
    await departmentDays(department, [['2026-03-03', 0, 4], ['2026-03-10', 10, 30]]);
    const { trend } = await report(department, 'from=2026-03-02&to=2026-03-15');
    expect(trend.granularity).toBe('week');
    expect(trend.points.map((p) => [p.day, p.nps, p.change])).toEqual([
      ['2026-03-02', null, 'none'],
      ['2026-03-09', 100, 'none'],
    ]);
  });
});
