/** Loader of an invitation link (/i/<token>/<score>/): the invitation's survey and language, and the score chosen. */
import { isLocale, type Locale } from '@/i18n/locales';
import { TOKEN_PATTERN } from '@/schemas/response';
import type { Survey } from '@/schemas/survey';
import { findInvitation } from '../db/invitations';
import { getSurvey } from '../surveys/catalog';
import { respondentNotFound, respondentUnavailable } from './reply';

export interface InvitationData {
  survey: Survey | undefined;
  locale: Locale;
  token: string;
  selected: number | undefined;
}

export async function loadInvitation(db: D1Database, token: string, score: string): Promise<InvitationData | Response> {
  if (!TOKEN_PATTERN.test(token) || !/^(\d|10)?$/.test(score)) return respondentNotFound('en');
  try {
    const invitation = await findInvitation(db, token);
    const survey = invitation ? getSurvey(invitation.survey) : undefined;
    const locale = invitation && isLocale(invitation.locale) ? invitation.locale : (survey?.locale ?? 'en');
    return { survey, locale, token, selected: score === '' ? undefined : Number(score) };
  } catch (error) {
    // The invitation, which knows the respondent's language, is what could not be read.
    return respondentUnavailable(error, 'en');
  }
}
