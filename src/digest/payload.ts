/** What a weekly digest sends: its lines of text, the generic webhook's body and the Slack message. */
import { slackText } from '@/alerts/payload';
import { formatCount, formatInterval, formatNps, formatRate as percent } from '@/report/format';
import type { Digest } from '@/digest/digest';

const plural = (n: number, noun: string) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** The week's figures in words, one line each, as Slack and the webhook's `text` show them. */
export function digestLines(digest: Digest): string[] {
  const { period, nps, previous, change, themes, grewMost, followUps, goal } = digest;
  const week = `${period.from} to ${period.to}`;
  const lines: string[] = [];
  if (nps.n === 0) lines.push(`No answers in the past 7 days (${week}).`);
  else if (nps.hidden || nps.nps === null) lines.push(`${plural(nps.n, 'answer')} in the past 7 days (${week}): too few to show a score.`);
  else lines.push(`NPS ${formatNps(nps.nps)} (95% interval ${formatInterval(nps.low, nps.high)}), n = ${formatCount(nps.n)}, ${week}.`);
  if (change && change.difference !== null) {
    const versus = `${formatNps(change.difference)} vs the 7 days before (${formatNps(previous.nps)}, n = ${formatCount(previous.n)})`;
    lines.push(change.significant ? `${change.direction === 'up' ? '▲' : '▼'} ${versus}: significant.` : `${versus}: not significant.`);
  } else if (previous.n === 0) lines.push('No answers in the 7 days before to compare with.');
  if (!nps.hidden && nps.n > 0) {
    lines.push(themes.length ? `Top themes among detractors: ${themes.map((t) => `${t.label} (${t.comments})`).join(', ')}.` : 'No detractor comments with a theme.');
  }
  if (grewMost) {
    const shares = `from ${percent(grewMost.from)} to ${percent(grewMost.to)} of the comments`;
    lines.push(`Grew most: ${grewMost.label}, ${shares}${grewMost.significant ? ', a significant rise' : ' (not significant)'}.`);
  }
  if (followUps.open === 0) lines.push('No open follow-ups.');
  else {
    const oldest = followUps.oldest ? `; the oldest is ${followUps.oldest.ref}, answered ${followUps.oldest.createdAt.slice(0, 10)} (${plural(followUps.oldest.days, 'day')} ago)` : '';
    lines.push(`${plural(followUps.open, 'open follow-up')}${oldest}.`);
  }
  if (goal) lines.push(`${goal.text}.`);
  return lines;
}

/** The generic webhook's body (README, "Alerts"): the digest with its type, delivery id and lines. */
export function digestWebhookBody(id: string, digest: Digest) {
  return { type: 'digest.weekly' as const, id, ...digest, text: digestLines(digest) };
}

const isAbsolute = (url: string) => /^https?:\/\//.test(url);

/** The Slack incoming-webhook message: a header, the lines, and links when the Worker knows its address. */
export function digestSlackMessage(digest: Digest) {
  const headline = `Weekly NPS digest: ${digest.survey}`;
  const links = [
    { text: 'Open the results', url: digest.url },
    { text: 'Open the follow-ups', url: digest.followUps.url },
  ].filter((link) => isAbsolute(link.url));
  return {
    text: slackText(headline),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: slackText(digestLines(digest).join('\n')) } },
      ...(links.length ? [{ type: 'actions', elements: links.map(({ text, url }) => ({ type: 'button', text: { type: 'plain_text', text }, url })) }] : []),
    ],
  };
}
