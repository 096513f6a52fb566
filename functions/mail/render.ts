/** An outbox row as a mail and as the API lists it: rendered from the invitation, the locale and the kind. */
import { isLocale } from '@/i18n/locales';
import { invitationMail, invitationSubject, type Mail } from '@/mail/invitation';
import type { OutboxItem } from '@/schemas/outbox';
import { invitationLinks } from '../api/invitations';
import { getSurvey } from '../surveys/catalog';
import type { OutboxRow } from '../db/outbox';

function context(row: Pick<OutboxRow, 'survey' | 'locale'>) {
  const survey = getSurvey(row.survey);
  if (!survey) return undefined;
  return { survey, locale: isLocale(row.locale) ? row.locale : survey.locale };
}

/**
 * The mail of a row; its links point at the row's origin, or `fallbackOrigin` when it has none
 * (the demo's rows: the address the outbox is read on). Undefined when the survey's file is gone.
 */
export function renderMail(row: OutboxRow, fallbackOrigin: string): Mail | undefined {
  const found = context(row);
  if (!found) return undefined;
  const origin = (row.origin || fallbackOrigin).replace(/\/$/, '');
  return invitationMail({ ...found, name: row.name, links: invitationLinks(origin, row.invitation_id), kind: row.kind });
}

export function outboxItem(row: OutboxRow): OutboxItem {
  const found = context(row);
  return {
    id: row.id,
    invitation: row.invitation_id,
    survey: row.survey,
    kind: row.kind,
    wave: row.wave,
    to: row.recipient,
    subject: found ? invitationSubject(found.survey, found.locale, row.kind) : '',
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at === null ? null : new Date(row.sent_at).toISOString(),
    error: row.error,
  };
}
