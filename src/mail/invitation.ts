/** The invitation e-mail: one localised template, from the survey and one recipient's links to subject, HTML, text and headers. */
import { escapeXml } from '@/charts/svg';
import type { Locale } from '@/i18n/locales';
import { mailText } from '@/i18n/mail';
import type { Survey } from '@/schemas/survey';
import { surveyWording } from '@/survey/wording';

export interface InvitationMailInput {
  survey: Survey;
  locale: Locale;
  /** The recipient's name as the CRM gave it, if any: user text, escaped wherever it goes. */
  name: string | null;
  /** The invitation's scanner-safe score links 0–10 and its unsubscribe link (functions/api/invitations.ts). */
  links: { scoreUrls: string[]; unsubscribeUrl: string };
  /** A wave's one reminder: the same links, its own subject and first line. */
  kind?: 'invitation' | 'reminder';
}

export interface Mail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

// Mail clients ignore stylesheets in part (Outlook renders with Word, Gmail drops <style> in places):
// layout is tables, every style inline, fonts the system's.
const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2937';
const BLOCK = `padding:0 24px 16px;${FONT};font-size:16px;line-height:24px`;
const BUTTON = `display:block;padding:10px 0;border:1px solid #9ca3af;border-radius:4px;background:#f9fafb;${FONT};color:#111827;font-size:16px;font-weight:bold;line-height:20px;text-align:center;text-decoration:none`;

export function invitationSubject(survey: Survey, locale: Locale, kind: InvitationMailInput['kind'] = 'invitation') {
  return mailText(locale, kind === 'reminder' ? 'reminderSubject' : 'subject', { company: survey.company });
}

export function invitationMail({ survey, locale, name, links, kind = 'invitation' }: InvitationMailInput): Mail {
  const { t, nps, reason } = surveyWording(survey, locale);
  const company = survey.company;
  const subject = invitationSubject(survey, locale, kind);
  const greeting = name ? mailText(locale, 'greetingNamed', { name }) : mailText(locale, 'greeting');
  const intro = mailText(locale, kind === 'reminder' ? 'reminderIntro' : 'intro');
  const reasonNext = mailText(locale, 'reasonNext', { reason });
  const why = mailText(locale, 'why', { company });
  const unsubscribe = mailText(locale, 'unsubscribe');
  const [low, high] = [t('scaleLow'), t('scaleHigh')];
  const e = escapeXml;

  const buttons = links.scoreUrls
    .map((url, score) => `<td width="9%" style="padding:2px"><a href="${e(url)}" title="${e(t('scoreLabel', { score }))}" style="${BUTTON}">${score}</a></td>`)
    .join('');
  const html = `<!doctype html>
<html lang="${e(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6">
<tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-radius:6px">
<tr><td style="${BLOCK};padding-top:24px">${e(greeting)}</td></tr>
<tr><td style="${BLOCK}">${e(intro)}</td></tr>
<tr><td style="${BLOCK};font-size:20px;line-height:28px;font-weight:bold">${e(nps)}</td></tr>
<tr><td style="padding:0 22px 4px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${buttons}</tr></table>
</td></tr>
<tr><td style="padding:0 24px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="left" style="${FONT};font-size:13px;color:#4b5563">0 – ${e(low)}</td>
<td align="right" style="${FONT};font-size:13px;color:#4b5563">10 – ${e(high)}</td>
</tr></table>
</td></tr>
<tr><td style="${BLOCK}">${e(reasonNext)}</td></tr>
<tr><td style="${BLOCK};font-weight:bold">${e(company)}</td></tr>
<tr><td style="padding:16px 24px 24px;border-top:1px solid #e5e7eb;${FONT};font-size:13px;line-height:20px;color:#4b5563">${e(why)}<br><a href="${e(links.unsubscribeUrl)}" style="color:#4b5563">${e(unsubscribe)}</a></td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  const scoreLines = links.scoreUrls.map((url, score) => `${score === 0 ? `0 (${low})` : score === 10 ? `10 (${high})` : score}: ${url}`);
  const text = [greeting, intro, nps, scoreLines.join('\n'), reasonNext, company, `${why}\n${unsubscribe}: ${links.unsubscribeUrl}`].join('\n\n') + '\n';
  return {
    subject,
    html,
    text,
    // RFC 2369 and RFC 8058: mail clients show their own unsubscribe button, which POSTs
    // "List-Unsubscribe=One-Click" to the link (functions/public/unsubscribe.ts).
    headers: { 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
