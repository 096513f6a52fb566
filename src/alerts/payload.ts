/** What an alert sends: the generic webhook's body and signature, the Slack message, the retry delays. */
import type { Category } from '@/nps/category';

/** The response as an alert shows it: its public ref, never its id (the respondent's capability). */
export interface AlertResponse {
  ref: string;
  score: number;
  category: Category;
  reason: string | null;
  segments: Record<string, string>;
  locale: string;
  createdAt: string;
}

export interface Alert {
  id: string;
  survey: string;
  createdAt: string;
  response: AlertResponse;
  url: string;
}

export const ALERT_TARGETS = ['slack', 'webhook'] as const;
export type AlertTarget = (typeof ALERT_TARGETS)[number];

/** The generic webhook's body (README, "Alerts"). */
export function webhookBody(alert: Alert) {
  return { type: 'response.alert' as const, id: alert.id, survey: alert.survey, createdAt: alert.createdAt, response: alert.response, url: alert.url };
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as the X-NPS-Signature header. */
export async function signature(secret: string, rawBody: string, unixSeconds: number) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${unixSeconds}.${rawBody}`));
  return `t=${unixSeconds},v1=${hex(mac)}`;
}

/** Slack's mrkdwn treats &, < and > as markup: user text is escaped, and cut below a block's 3,000 characters. */
export function slackText(text: string, max = 2_900) {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The segment path in the survey's order of dimensions: "Support / Tier 1", or "(no segment)". */
export function segmentPath(dimensions: readonly string[], segments: Record<string, string>) {
  const values = dimensions.map((d) => segments[d]).filter((v): v is string => typeof v === 'string' && v !== '');
  return values.length > 0 ? values.join(' / ') : '(no segment)';
}

/** The Slack incoming-webhook message: Block Kit with score, category, reason, segment path and the link. */
export function slackMessage(alert: Alert, path: string) {
  const { score, category, reason } = alert.response;
  const headline = `NPS alert: ${score} (${category}) in ${alert.survey}`;
  return {
    text: slackText(headline),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Score*\n${score}` },
          { type: 'mrkdwn', text: `*Category*\n${category}` },
          { type: 'mrkdwn', text: `*Segment*\n${slackText(path, 1_900)}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: `*Reason*\n${reason && reason.trim() ? slackText(reason) : '_(none given)_'}` } },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the follow-up' }, url: alert.url }] },
    ],
  };
}

/** Seconds before retry n (the n-th attempt failed): 10 s doubling, at most the queue's 12 hours. */
export function backoffSeconds(attempts: number) {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 43_200);
}
