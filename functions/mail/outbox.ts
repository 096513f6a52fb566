/** The outbox as staff read it, for the API and the page alike: a page of items with the next cursor, and one mail rendered. */
import { decodeOutboxCursor, encodeOutboxCursor, type OutboxQuery } from '@/schemas/outbox';
import { findMail, listOutbox } from '../db/outbox';
import { outboxItem, renderMail } from './render';

export const OUTBOX_PAGE = 50;

/** One page, newest first; `next` is the cursor of the following page, null on the last. */
export async function readOutbox(db: D1Database, query: OutboxQuery) {
  const after = query.after ? decodeOutboxCursor(query.after) : undefined;
  const rows = await listOutbox(db, { survey: query.survey || undefined, status: query.status, after }, OUTBOX_PAGE + 1);
  const page = rows.slice(0, OUTBOX_PAGE);
  const last = page.at(-1);
  return { items: page.map(outboxItem), next: rows.length > OUTBOX_PAGE && last ? encodeOutboxCursor(last.created_at, last.id) : null };
}

/** One message with its mail as it renders (links at `origin` for rows without their own); undefined when unknown. */
export async function readMail(db: D1Database, id: string, origin: string) {
  const row = await findMail(db, id);
  if (!row) return undefined;
  const mail = renderMail(row, origin);
  return { ...outboxItem(row), html: mail?.html ?? '', text: mail?.text ?? '', headers: mail?.headers ?? {} };
}
