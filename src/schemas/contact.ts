/** POST /api/contacts: the CRM's contacts, imported as JSON or CSV, up to 10,000 a call. */
import { z } from 'zod';
import { localeSchema, SEGMENT_PATTERN } from './survey';
import { segmentValueSchema } from './response';
import { contactFields, NEEDS_AN_ID } from './invitation';

export const MAX_CONTACTS = 10_000;

/** One contact; its segments (department, account manager …) go with every invitation a wave sends it. */
export const contactSchema = z
  .object(
    contactFields(
      localeSchema,
      z
        .record(z.string().regex(SEGMENT_PATTERN, 'must be a segment dimension name, like department'), segmentValueSchema)
        .refine((segments) => Object.keys(segments).length <= 5, 'must have at most 5 dimensions'),
    ),
  )
  .strict()
  .refine(NEEDS_AN_ID.check, NEEDS_AN_ID.params);
export type Contact = z.infer<typeof contactSchema>;

/** The envelope alone: each contact is then checked on its own, so a bad row never costs the good ones. */
export const contactImportSchema = z
  .object({ contacts: z.array(z.unknown()).min(1, 'must not be empty').max(MAX_CONTACTS, `at most ${MAX_CONTACTS} per call`) })
  .strict();

export const contactImportResultSchema = z.object({
  imported: z.number().int().describe('contacts created or updated (upserted on externalId, else e-mail)'),
  rejected: z
    .array(z.object({ row: z.number().int().describe('1 = the first contact (the first line after a CSV header)'), field: z.string(), code: z.string(), message: z.string() }))
    .describe('every problem of every rejected row; the other rows are imported'),
});
