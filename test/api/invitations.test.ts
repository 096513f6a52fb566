import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { inviteRecipients } from '../../functions/db/invitations';
import { getSurvey } from '../../functions/surveys/catalog';
import { admin, countRows, postJson, request, storedResponse, uniqueName } from '../support/api';

type Result = { id: string; url: string; scoreUrls: string[]; unsubscribeUrl: string } | { skipped: string };
async function invite(body: unknown, headers: Record<string, string> = admin) {
  const res = await postJson('/api/invitations', body, headers);
  return { status: res.status, body: await res.json<{ survey: string; results: Result[]; issues?: { path: string }[] }>() };
}
const links = (r: Result) => {
  if ('skipped' in r) throw new Error(`expected links, got skipped: ${r.skipped}`);
  return r;
};

describe('POST /api/invitations', () => {
  it('refuses callers without the admin token, and with a wrong one', async () => {
    const body = { survey: 'demo', recipients: [{ email: 'a@example.com' }] };
    expect((await invite(body, {})).status).toBe(401);
    expect((await invite(body, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await invite(body, { authorization: `Basic ${btoa('admin:' + env.ADMIN_TOKEN)}` })).status).toBe(401);
  });

  it('returns a survey link, eleven score links and an unsubscribe link per recipient', async () => {
    const { status, body } = await invite({
      survey: 'demo',
      recipients: [{ email: `${uniqueName('ann')}@example.com`, name: 'Ann', locale: 'sv', segments: { department: 'Sales', person: 'Bo' } }],
    });
    expect(status).toBe(201);
    const result = links(body.results[0]!);
    expect(result.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(result.url).toBe(`https://nps.example/i/${result.id}/`);
    expect(result.scoreUrls).toEqual(Array.from({ length: 11 }, (_, s) => `https://nps.example/i/${result.id}/${s}/`));
    expect(result.unsubscribeUrl).toBe(`https://nps.example/u/${result.id}/`);
    const stored = await env.DB.prepare('SELECT * FROM invitations WHERE id = ?').bind(result.id).first<Record<string, string>>();
    expect(stored).toMatchObject({ survey: 'demo', locale: 'sv' });
    expect(JSON.parse(stored!.segments!)).toEqual({ department: 'Sales', person: 'Bo' });
  });

  it('is idempotent: the same recipient and touchpoint again gets the same invitation', async () => {
    const recipient = { externalId: uniqueName('crm'), touchpoint: 'case-4711' };
    const first = links((await invite({ survey: 'support', recipients: [recipient] })).body.results[0]!);
    const before = await countRows('invitations');
    const again = links((await invite({ survey: 'support', recipients: [recipient] })).body.results[0]!);
    expect(again.id).toBe(first.id);
    expect(await countRows('invitations')).toBe(before);
  });

  it('throttles a contact already invited to the survey within its throttle days', async () => {
    const email = `${uniqueName('cy')}@example.com`;
    links((await invite({ survey: 'support', recipients: [{ email, touchpoint: 'case-1' }] })).body.results[0]!);
    const second = await invite({ survey: 'support', recipients: [{ email: email.toUpperCase(), touchpoint: 'case-2' }] });
    expect(second.body.results[0]).toEqual({ skipped: 'throttled' });
    // Another survey keeps its own window.
    links((await invite({ survey: 'demo', recipients: [{ email }] })).body.results[0]!);
  });

  it('throttles the person by every identifier: the CRM id and the e-mail alone are one contact', async () => {
    const externalId = uniqueName('crm');
    const email = `${uniqueName('same')}@example.com`;
    const first = links((await invite({ survey: 'support', recipients: [{ externalId, email, touchpoint: 'case-1' }] })).body.results[0]!);
    const byEmail = await invite({ survey: 'support', recipients: [{ email, touchpoint: 'case-2' }, { email, touchpoint: 'case-1' }] });
    expect(byEmail.body.results[0]).toEqual({ skipped: 'throttled' });
    // The same person and touchpoint is the same invitation, whichever identifier asks.
    expect(links((await invite({ survey: 'support', recipients: [{ email, touchpoint: 'case-1' }] })).body.results[0]!).id).toBe(first.id);
    // And the other way round: first the e-mail alone, then the CRM id with that e-mail.
    const later = `${uniqueName('later')}@example.com`;
    links((await invite({ survey: 'support', recipients: [{ email: later, touchpoint: 'case-3' }] })).body.results[0]!);
    const crm = await invite({ survey: 'support', recipients: [{ externalId: uniqueName('crm'), email: later, touchpoint: 'case-4' }] });
    expect(crm.body.results[0]).toEqual({ skipped: 'throttled' });
  });

  it('in a batch of 1,000 finds each person by e-mail: unsubscribed, or the invitation they already have', async () => {
    const tag = uniqueName('people');
    const email = (i: number) => `${tag}-${i}@example.com`;
    const crm = await invite({ survey: 'demo', recipients: Array.from({ length: 1000 }, (_, i) => ({ externalId: `${tag}-${i}`, email: email(i) })) });
    const ids = crm.body.results.map((r) => links(r).id);
    await env.DB.prepare("UPDATE contacts SET unsubscribed_at = 1 WHERE contact_key LIKE ? AND CAST(substr(contact_key, length(?) + 1) AS INTEGER) % 2 = 0")
      .bind(`ext:${tag}-%`, `ext:${tag}-`)
      .run();
    const before = await countRows('invitations');
    const helpdesk = await invite({ survey: 'demo', recipients: Array.from({ length: 1000 }, (_, i) => ({ email: email(i) })) });
    expect(helpdesk.status).toBe(201);
    expect(helpdesk.body.results.map((r) => ('skipped' in r ? r.skipped : r.id))).toEqual(ids.map((id, i) => (i % 2 === 0 ? 'unsubscribed' : id)));
    expect(await countRows('invitations')).toBe(before);
  });

  it('invites again once the throttle window has passed', async () => {
    const email = `${uniqueName('old')}@example.com`;
    const first = links((await invite({ survey: 'support', recipients: [{ email }] })).body.results[0]!);
    await env.DB.prepare('UPDATE invitations SET created_at = created_at - 31 * 86400000 WHERE id = ?').bind(first.id).run();
    const later = links((await invite({ survey: 'support', recipients: [{ email }] })).body.results[0]!);
    expect(later.id).not.toBe(first.id);
  });

  it('with throttleDays: 0 throttles nothing: each touchpoint its own invitation, a retry the same one', async () => {
    const unthrottled = { ...getSurvey('support')!, throttleDays: 0 };
    const externalId = uniqueName('nothrottle');
    const send = async (touchpoint: string) => (await inviteRecipients(env.DB, unthrottled, [{ externalId, touchpoint, segments: {} }]))[0]!;
    const first = await send('case-1');
    expect(first).toEqual({ invitation: expect.any(String) });
    expect(await send('case-1')).toEqual(first);
    const second = await send('case-2');
    expect(second).toEqual({ invitation: expect.any(String) });
    expect(second).not.toEqual(first);
    expect(await send('case-1')).toEqual(first);
    const rows = await env.DB.prepare(
      'SELECT count(*) AS n FROM invitations WHERE contact_id = (SELECT id FROM contacts WHERE contact_key = ?)',
    ).bind(`ext:${externalId}`).first<{ n: number }>();
    expect(rows!.n).toBe(2);
  });

  it('a recipient twice in one call gets one invitation', async () => {
    const email = `${uniqueName('dup')}@example.com`;
    const { body } = await invite({ survey: 'demo', recipients: [{ email }, { email }] });
    expect(links(body.results[0]!).id).toBe(links(body.results[1]!).id);
  });

  it('takes 1,000 recipients in one call and refuses 1,001', async () => {
    const tag = uniqueName('bulk');
    const recipients = Array.from({ length: 1000 }, (_, i) => ({ externalId: `${tag}-${i}`, segments: { department: 'Bulk' } }));
    const { status, body } = await invite({ survey: 'demo', recipients });
    expect(status).toBe(201);
    expect(body.results).toHaveLength(1000);
    expect(new Set(body.results.map((r) => links(r).id)).size).toBe(1000);
    const tooMany = await invite({ survey: 'demo', recipients: [...recipients, { externalId: `${tag}-x` }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.issues!.map((i) => i.path)).toContain('recipients');
  });

  it('names the bad field of the bad recipient', async () => {
    const { status, body } = await invite({
      survey: 'demo',
      recipients: [{ email: 'ok@example.com' }, { name: 'No address' }, { email: 'not-an-email' }, { externalId: 'x', locale: 'xx' }, { externalId: 'y', segments: { region: 'N' } }],
    });
    expect(status).toBe(400);
    expect(body.issues!.map((i) => i.path)).toEqual(
      expect.arrayContaining(['recipients.1.email', 'recipients.2.email', 'recipients.3.locale', 'recipients.4.segments.region']),
    );
  });

  it('404 for an unknown survey and 410 for a closed one', async () => {
    expect((await invite({ survey: 'nope', recipients: [{ email: 'a@example.com' }] })).status).toBe(404);
    expect((await invite({ survey: 'onboarding-2025', recipients: [{ email: 'a@example.com' }] })).status).toBe(410);
  });
});

describe('answering an invitation', () => {
  async function invitation(survey = 'demo', segments = { department: 'Support', function: 'Tier 1', person: 'Eva' }) {
    const { body } = await invite({ survey, recipients: [{ externalId: uniqueName('resp'), locale: 'de', segments }] });
    return links(body.results[0]!).id;
  }

  it('the response carries the invitation, its contact, its locale and its segments', async () => {
    const token = await invitation();
    const res = await postJson('/api/surveys/demo/responses', { score: 3, invitation: token, segments: { department: 'Forged' } });
    expect(res.status).toBe(201);
    const row = await storedResponse((await res.json<{ id: string }>()).id);
    expect(row).toMatchObject({ channel: 'invitation', invitation_id: token, locale: 'de', category: 'detractor' });
    expect(row!.contact_id).toBeTruthy();
    expect(JSON.parse(row!.segments as string)).toEqual({ department: 'Support', function: 'Tier 1', person: 'Eva' });
  });

  it('answering again updates the same response: one per invitation', async () => {
    const token = await invitation();
    const first = await (await postJson('/api/surveys/demo/responses', { score: 3, invitation: token })).json<{ id: string }>();
    const before = await countRows('responses');
    const second = await (await postJson('/api/surveys/demo/responses', { score: 9, invitation: token, reason: 'Called back' })).json<{ id: string; category: string }>();
    expect(second).toEqual({ id: first.id, category: 'promoter' });
    expect(await countRows('responses')).toBe(before);
    expect(await storedResponse(first.id)).toMatchObject({ score: 9, category: 'promoter', reason: 'Called back' });
  });

  it('refuses a forged token and a token of another survey', async () => {
    const forged = await postJson('/api/surveys/demo/responses', { score: 9, invitation: 'A'.repeat(22) });
    expect(forged.status).toBe(400);
    expect((await forged.json<{ issues: { path: string }[] }>()).issues[0]!.path).toBe('invitation');
    const supportToken = await invitation('support');
    const crossed = await postJson('/api/surveys/demo/responses', { score: 9, invitation: supportToken });
    expect(crossed.status).toBe(400);
  });
});

describe('unsubscribe', () => {
  it('opening the link changes nothing; the POST unsubscribes from every survey', async () => {
    const externalId = uniqueName('unsub');
    const token = links((await invite({ survey: 'support', recipients: [{ externalId }] })).body.results[0]!).id;
    const page = await request(`/u/${token}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const contact = () => env.DB.prepare('SELECT unsubscribed_at FROM contacts WHERE contact_key = ?').bind(`ext:${externalId}`).first<{ unsubscribed_at: number | null }>();
    expect((await contact())!.unsubscribed_at).toBeNull();
    const confirm = await request(`/u/${token}/`, { method: 'POST' });
    expect(confirm.status).toBe(200);
    expect((await contact())!.unsubscribed_at).toBeGreaterThan(0);
    expect((await invite({ survey: 'demo', recipients: [{ externalId }] })).body.results[0]).toEqual({ skipped: 'unsubscribed' });
  });

  it('applies to the person by every identifier: the helpdesk sending only the e-mail is refused too', async () => {
    const externalId = uniqueName('crm');
    const email = `${uniqueName('both')}@example.com`;
    const token = links((await invite({ survey: 'support', recipients: [{ externalId, email }] })).body.results[0]!).id;
    expect((await request(`/u/${token}/`, { method: 'POST' })).status).toBe(200);
    const again = await invite({ survey: 'demo', recipients: [{ email: email.toUpperCase(), touchpoint: 'case-9' }, { externalId: uniqueName('other-crm'), email }] });
    expect(again.body.results).toEqual([{ skipped: 'unsubscribed' }, { skipped: 'unsubscribed' }]);
  });

  it('an unsubscribe through an e-mail-only invitation stops the CRM contact with that e-mail', async () => {
    const email = `${uniqueName('mailonly')}@example.com`;
    const token = links((await invite({ survey: 'support', recipients: [{ email }] })).body.results[0]!).id;
    expect((await request(`/u/${token}/`, { method: 'POST' })).status).toBe(200);
    const crm = await invite({ survey: 'demo', recipients: [{ externalId: uniqueName('crm'), email }] });
    expect(crm.body.results).toEqual([{ skipped: 'unsubscribed' }]);
  });

  it('404 for an unknown token', async () => {
    expect((await request(`/u/${'B'.repeat(22)}/`, { method: 'POST' })).status).toBe(404);
  });
});
