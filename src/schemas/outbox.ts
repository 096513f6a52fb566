/** The outbox's shapes: what GET /api/outbox takes and returns, and the page's filters. */
import { z } from 'zod';
import { withoutControls } from './text';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The "More" link's cursor: the last row's time and id. */
const CURSOR = /^(\d{1,15})\.([A-Za-z0-9_-]{22})$/;

export const outboxQuerySchema = z
  .object({
    survey: withoutControls(z.string().max(64)).optional(),
    status: z.enum(OUTBOX_STATUSES, { error: `must be one of ${OUTBOX_STATUSES.join(', ')}` }).optional(),
    after: z.string().regex(CURSOR, 'must be the value of "next" from the previous page').optional(),
  })
  .strict();
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const encodeOutboxCursor = (createdAt: number, id: string) => `${createdAt}.${id}`;
export function decodeOutboxCursor(cursor: string): [number, string] | undefined {
  const match = CURSOR.exec(cursor);
  return match ? [Number(match[1]), match[2]!] : undefined;
}

export const outboxItemSchema = z.object({
  id: z.string(),
  invitation: z.string(),
  survey: z.string(),
  kind: z.enum(['invitation', 'reminder']),
  wave: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  error: z.string().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItemSchema>;

export const outboxListSchema = z.object({ items: z.array(outboxItemSchema), next: z.string().nullable() });

export const outboxMailSchema = outboxItemSchema.extend({
  html: z.string(),
  text: z.string(),
  headers: z.record(z.string(), z.string()),
});
