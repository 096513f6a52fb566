import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/i18n/locales';
import { MAIL_MESSAGES } from '@/i18n/mail';
import { invitationMail } from '@/mail/invitation';
import { surveyWording } from '@/survey/wording';
import { invitationLinks } from '../../functions/api/invitations';
import { getSurvey } from '../../functions/surveys/catalog';
import { admin, postJson, request, uniqueName } from '../support/api';

const demo = getSurvey('demo')!;
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv';
const links = invitationLinks('https://nps.example', TOKEN);
const hrefs = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('the invitation e-mail', () => {
  it.each(LOCALES)('in %s: the question, 11 score links 0–10 in order, the reason prompt, the company, a text part, the unsubscribe link and headers', (locale) => {
    const mail = invitationMail({ survey: demo, locale, name: 'Ann', links });
    const wording = surveyWording(demo, locale);
    expect(mail.html).toContain(`<html lang="${locale}">`);
    expect(decode(mail.html)).toContain(wording.nps);
    expect(decode(mail.html)).toContain(wording.reason);
    expect(decode(mail.html)).toContain(demo.company);
    expect(mail.subject).toContain(demo.company);
    // Every link of the mail: the eleven scanner-safe score links, then unsubscribe; nothing else.
    expect(hrefs(mail.html)).toEqual([...links.scoreUrls, links.unsubscribeUrl]);
    const buttons = [...mail.html.matchAll(/<a [^>]*href="[^"]*\/i\/[^"]*"[^>]*>(\d+)<\/a>/g)].map((m) => Number(m[1]));
    expect(buttons).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The text part stands alone: the question, each score's link, the prompt and the unsubscribe link.
    for (const url of links.scoreUrls) expect(mail.text).toContain(url);
    expect(mail.text).toContain(wording.nps);
    expect(mail.text).toContain(wording.reason);
    expect(mail.text).toContain(`${MAIL_MESSAGES[locale].unsubscribe}: ${links.unsubscribeUrl}`);
    expect(mail.text).not.toMatch(/<[a-z]/i);
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    // Written in the locale: no other locale's subject or greeting.
    for (const other of LOCALES.filter((l) => l !== locale && MAIL_MESSAGES[l].intro !== MAIL_MESSAGES[locale].intro)) {
      expect(mail.html).not.toContain(MAIL_MESSAGES[other].intro);
    }
  });

  it('is tables with inline styles only: no stylesheet, no script, no class for a client to drop', () => {
    const { html } = invitationMail({ survey: demo, locale: 'en', name: null, links });
    expect(html).toMatch(/<table role="presentation"/);
    expect(html).not.toMatch(/<style|<link|<script|class=|<div/i);
    expect(html).toContain('Hello,');
  });

  it('keeps a name and a company that look like markup as text', () => {
    const name = '<script>alert(1)</script> "Ann" & Bo';
    const survey = { ...demo, company: '<img src=x onerror=alert(2)> & Co' };
    const mail = invitationMail({ survey, locale: 'de', name, links });
    expect(mail.html).not.toMatch(/<script|<img/i);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Ann&quot; &amp; Bo');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(2)&gt; &amp; Co');
    // Plain text is plain: the name as it was written.
    expect(mail.text).toContain(name);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('the mail client\'s POST of "List-Unsubscribe=One-Click" from another site unsubscribes at once; a GET never does', async () => {
    const email = `${uniqueName('oneclick')}@example.com`;
    const res = await postJson('/api/invitations', { survey: 'demo', recipients: [{ email }] }, admin);
    const { id } = (await res.json<{ results: { id: string }[] }>()).results[0]!;
    const unsubscribed = async () => {
      const again = await postJson('/api/invitations', { survey: 'support', recipients: [{ email }] }, admin);
      return JSON.stringify((await again.json<{ results: unknown[] }>()).results[0]) === '{"skipped":"unsubscribed"}';
    };
    for (const method of ['GET', 'HEAD']) expect((await request(`/u/${id}/`, { method })).status).toBe(200);
    expect(await unsubscribed()).toBe(false);
    const click = await request(`/u/${id}/`, {
      method: 'POST',
      // What a mailbox provider sends: a form body, no cookie, no token, from its own origin.
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.provider.example' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    expect(await unsubscribed()).toBe(true);
  });
});

describe("a wave's reminder e-mail", () => {
  it.each(LOCALES)('in %s: its own subject and first line, naming the company, with the same links as the invitation', (locale) => {
    const invitation = invitationMail({ survey: demo, locale, name: null, links });
    const reminder = invitationMail({ survey: demo, locale, name: null, links, kind: 'reminder' });
    expect(reminder.subject).not.toBe(invitation.subject);
    expect(reminder.subject).toContain(demo.company);
    expect(decode(reminder.html)).toContain(MAIL_MESSAGES[locale].reminderIntro);
    expect(decode(reminder.html)).not.toContain(MAIL_MESSAGES[locale].intro);
    expect(hrefs(reminder.html)).toEqual(hrefs(invitation.html));
    expect(reminder.headers).toEqual(invitation.headers);
  });
});
