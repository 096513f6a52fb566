import { env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Wave } from '@/schemas/wave';
import { scheduled } from '../../functions/jobs/scheduled';
import { inviteRecipients, unsubscribe } from '../../functions/db/invitations';
import { getSurvey } from '../../functions/surveys/catalog';
import { admin, postJson, request } from '../support/api';
import { drainMails, mailbox, recordingMailQueue } from '../support/mail-queue';

const MINUTE = 60_000;
const DAY = 86_400_000;
// demo.yaml: waves every 6 months from 2026-03-01, a reminder after 7 days. The clock is the Cron's scheduledTime.
const SLOT = Date.parse('2027-03-01T00:00:00Z');
const demo = getSurvey('demo')!;

/** One run of the 15-minute Cron Trigger at `at`, as Cloudflare calls the Worker (functions/worker.ts hands it to this handler). */
async function cron(at: number, bindings: Partial<Env>) {
  const ctx = createExecutionContext();
  scheduled(createScheduledController({ cron: '*/15 * * * *', scheduledTime: at }), { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
}

async function waves() {
  const res = await request('/api/surveys/demo/waves', { headers: admin });
  expect(res.status).toBe(200);
  return (await res.json<{ waves: Wave[] }>()).waves;
}

const email = (i: number) => `wave-${i}@example.com`;
const PEOPLE = 1100;

/** The wave's invitation of a person, by e-mail. */
const invitationOf = (wave: string, address: string) =>
  env.DB.prepare('SELECT i.id, i.segments, i.locale FROM invitations AS i JOIN contacts AS c ON c.id = i.contact_id WHERE i.wave = ?1 AND c.email = ?2')
    .bind(wave, address)
    .first<{ id: string; segments: string; locale: string }>();

describe('a wave from the survey file, driven by the Cron run on a mocked clock', () => {
  it('invites every contact in batches, skips and counts the throttled and unsubscribed, and reminds the unanswered once', async () => {
    // The CRM's contacts: 1,100 people with an e-mail, one of them also known by the CRM's id, two without an e-mail.
    const contacts = [
      ...Array.from({ length: PEOPLE }, (_, i) => ({ email: email(i), name: `Person ${i}`, locale: i % 10 === 0 ? 'sv' : 'en', segments: { department: i % 2 ? 'Sales' : 'Support' } })),
      { externalId: 'crm-no-mail-1' },
      { externalId: 'crm-no-mail-2' },
      { externalId: 'crm-same-person', email: email(5) },
    ];
    const imported = await postJson('/api/contacts', { contacts }, admin);
    expect(imported.status).toBe(200);
    // Three people invited ten days before the wave (throttled), two who unsubscribed long ago.
    await inviteRecipients(env.DB, demo, [0, 1, 2].map((i) => ({ email: email(i), touchpoint: 'crm-call', segments: {} })), SLOT - 10 * DAY);
    const old = await inviteRecipients(env.DB, demo, [3, 4].map((i) => ({ email: email(i), segments: {} })), SLOT - 200 * DAY);
    for (const o of old) await unsubscribe(env.DB, 'invitation' in o ? o.invitation : '');

    const queue = recordingMailQueue();
    // The slot's day: the wave starts (its first run does only that).
    await cron(SLOT + 5 * MINUTE, queue);
    const [started, ...none] = await waves();
    expect(none).toEqual([]);
    expect(started).toMatchObject({ number: 1, due: 'schedule', startedAt: new Date(SLOT + 5 * MINUTE).toISOString(), finishedAt: null, invited: 0 });

    // 500 contacts a run: three runs for 1,103 contacts.
    await cron(SLOT + 15 * MINUTE, queue);
    expect((await waves())[0]).toMatchObject({ invited: 495, skipped: { throttled: 3, unsubscribed: 2 }, finishedAt: null });
    await cron(SLOT + 30 * MINUTE, queue);
    expect((await waves())[0]!.finishedAt).toBeNull();
    await cron(SLOT + 45 * MINUTE, queue);
    await cron(SLOT + 60 * MINUTE, queue);
    const [sentWave, ...others] = await waves();
    expect(others).toEqual([]);
    expect(sentWave).toMatchObject({ invited: PEOPLE - 5, sent: 0, answered: 0, reminded: 0, skipped: { throttled: 3, unsubscribed: 2 } });
    expect(sentWave!.finishedAt).toBe(new Date(SLOT + 45 * MINUTE).toISOString());
    // The MAILS queue carries at most 50 mails a message, one per person invited.
    expect(queue.sent.every((m) => m.mails.length <= 50)).toBe(true);
    expect(queue.sent.flatMap((m) => m.mails)).toHaveLength(PEOPLE - 5);

    const box = mailbox();
    await drainMails(queue.sent.splice(0), box);
    expect(new Set(box.delivered.map((m) => m.to)).size).toBe(PEOPLE - 5);
    expect(box.delivered.map((m) => m.to)).not.toContain(email(0));
    expect(box.delivered.map((m) => m.to)).not.toContain(email(3));
    expect((await waves())[0]!.sent).toBe(PEOPLE - 5);
    // The invitation carries the contact's segments and language.
    const tenth = await invitationOf(sentWave!.id, email(10));
    expect(JSON.parse(tenth!.segments)).toEqual({ department: 'Support' });
    expect(tenth!.locale).toBe('sv');

    // 50 answer through their invitation; one unsubscribes before the reminder is due.
    for (let i = 10; i < 60; i++) {
      const invitation = (await invitationOf(sentWave!.id, email(i)))!.id;
      const res = await postJson('/api/surveys/demo/responses', { score: i % 3 === 0 ? 3 : 9, invitation });
      expect(res.status).toBe(201);
    }
    await unsubscribe(env.DB, (await invitationOf(sentWave!.id, email(60)))!.id);
    expect((await waves())[0]!.answered).toBe(50);

    // Six days on: no reminder yet.
    await cron(SLOT + 6 * DAY, queue);
    expect(queue.sent).toEqual([]);
    // After seven days: one reminder to each who neither answered nor unsubscribed, 500 invitations a run.
    for (let run = 0; run < 4; run++) await cron(SLOT + 7 * DAY + 45 * MINUTE + run * 15 * MINUTE, queue);
    const reminders = queue.sent.flatMap((m) => m.mails);
    expect(reminders).toHaveLength(PEOPLE - 5 - 50 - 1);
    expect(queue.sent.every((m) => m.mails.length <= 50)).toBe(true);
    // Someone answers after the reminder was queued, before it goes out: it is not sent.
    await postJson('/api/surveys/demo/responses', { score: 10, invitation: (await invitationOf(sentWave!.id, email(70)))!.id });
    const reminderBox = mailbox();
    await drainMails(queue.sent.splice(0), reminderBox);
    const to = reminderBox.delivered.map((m) => m.to);
    expect(to).toHaveLength(PEOPLE - 5 - 50 - 1 - 1);
    expect(new Set(to).size).toBe(to.length);
    for (const i of [0, 3, 10, 59, 60, 70]) expect(to).not.toContain(email(i));
    expect(to).toContain(email(61));
    const reminder = reminderBox.delivered.find((m) => m.to === email(61))!;
    expect(reminder.subject).toBe('A reminder: Acme would still like to hear from you');
    // The same links as the invitation: its score link answers the same invitation.
    expect(reminder.text).toContain(`/i/${(await invitationOf(sentWave!.id, email(61)))!.id}/7/`);
    expect(reminderBox.delivered.find((m) => m.to === email(20))?.subject).toBe(undefined);
    expect(reminderBox.delivered.find((m) => m.to === email(80))!.subject).toBe('En påminnelse: Acme vill fortfarande gärna höra vad du tycker');

    // Never again, however many runs follow.
    for (const later of [8 * DAY, 30 * DAY, 60 * DAY]) await cron(SLOT + later, queue);
    expect(queue.sent).toEqual([]);
    expect((await waves())[0]).toMatchObject({ invited: PEOPLE - 5, answered: 51, reminded: PEOPLE - 5 - 50 - 1 - 1 });
    const reminderRows = await env.DB.prepare(`SELECT count(*) AS n FROM outbox WHERE wave = ? AND kind = 'reminder'`).bind(sentWave!.id).first<{ n: number }>();
    expect(reminderRows!.n).toBe(PEOPLE - 5 - 50 - 1);
    // About 3 s alone; more when other test files share the machine.
  }, 60_000);
});
