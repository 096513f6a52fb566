/** GET /api/surveys/<survey>/themes: its query (whole days and a node of the organisation, top down) and its reply. */
import { z } from 'zod';
import type { Survey } from './survey';
import { summaryQuerySchemaFor } from './summary';

const day = z.iso.date({ error: 'must be a date like 2026-01-31 (themes are counted by whole UTC days)' });

/** The summary API's query, with whole days only: rollups count by UTC day. A segment is read top down. */
export function themesQuerySchemaFor(survey: Survey) {
  return summaryQuerySchemaFor(survey)
    .extend({ from: day.optional(), to: day.optional() })
    .superRefine((query: Record<string, string | undefined>, ctx) => {
      survey.segments.forEach((dimension, i) => {
        const above = survey.segments[i - 1];
        if (above !== undefined && query[dimension] !== undefined && query[above] === undefined) {
          ctx.addIssue({ code: 'custom', path: [dimension], message: `needs ${above} too: a segment is a node of the organisation, read top down` });
        }
      });
    });
}

const points = z.number().describe('NPS points: 100 × detractors of the theme / n');

export const themeImpactSchema = z.object({
  theme: z.string(),
  label: z.string(),
  comments: z.number().int(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  pointsAtStake: points.describe('how much the NPS would rise if the theme\'s detractors had been passives: 100 × detractors / n'),
  interval: z.tuple([points, points]).describe('95% Wilson interval of detractors / n, × 100'),
});

export const themesReplySchema = z.object({
  n: z.number().int().describe('answers in the period and segment'),
  nps: z.number().nullable().describe('unrounded; null when n = 0'),
  themes: z.array(themeImpactSchema).describe('most points at stake first'),
});
export type ThemesReply = z.infer<typeof themesReplySchema>;
