import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Wave } from '@/schemas/wave';
import { runWaves, WAVE_QUERIES } from '../../functions/jobs/waves';
import { countingD1 } from '../support/counting-d1';
import { admin, postJson, request, uniqueName } from '../support/api';
import { recordingMailQueue } from '../support/mail-queue';

const start = (survey: string, headers: Record<string, string> = admin) => request(`/api/surveys/${survey}/waves`, { method: 'POST', headers });
const list = async () => (await (await request('/api/surveys/demo/waves', { headers: admin })).json<{ waves: Wave[] }>()).waves;
const issues = async (res: Response) => (await res.json<{ issues: { path: string; code: string }[] }>()).issues;

describe('POST and GET /api/surveys/<survey>/waves', () => {
  it('refuses without the admin token, an unknown survey, a transactional one and a closed one, naming the survey', async () => {
    expect((await start('demo', {})).status).toBe(401);
    expect((await request('/api/surveys/demo/waves')).status).toBe(401);
    const unknown = await start('nope');
    expect(unknown.status).toBe(404);
    expect(await issues(unknown)).toEqual([expect.objectContaining({ path: 'survey', code: 'survey.unknown' })]);
    const transactional = await start('support');
    expect(transactional.status).toBe(409);
    expect(await issues(transactional)).toEqual([expect.objectContaining({ path: 'survey', code: 'survey.kind' })]);
    const closed = await start('onboarding-2025');
    expect(closed.status).toBe(410);
    expect(await issues(closed)).toEqual([expect.objectContaining({ path: 'survey', code: 'survey.closed' })]);
    expect(await list()).toEqual([]);
  });

  it("without PUBLIC_URL the schedule starts no wave (its mails' links need it): only the API does", async () => {
    expect(await runWaves({ ...env, ...recordingMailQueue(), PUBLIC_URL: '' }, Date.parse('2027-03-01T00:05:00Z'))).toEqual({ idle: true });
    expect(await list()).toEqual([]);
  });

  it('starts a wave now; a second is 409 while it sends; the Cron run sends it within its D1 share; the next is number 2, listed first', async () => {
    const contacts = Array.from({ length: 1200 }, (_, i) => ({ email: `${uniqueName('api-wave')}-${i}@example.com` }));
    expect((await postJson('/api/contacts', { contacts }, admin)).status).toBe(200);
    const res = await start('demo');
    expect(res.status).toBe(201);
    const first = await res.json<Wave>();
    expect(first).toMatchObject({ survey: 'demo', number: 1, due: 'api', finishedAt: null, invited: 0, skipped: { throttled: 0, unsubscribed: 0 } });
    const again = await start('demo');
    expect(again.status).toBe(409);
    expect(await issues(again)).toEqual([expect.objectContaining({ path: 'survey', code: 'wave.sending' })]);

    // Each run stays within WAVE_QUERIES, whatever it does. The API's wave covers the schedule's
    // slot that has come (2026-09-01 in demo.yaml): no scheduled wave follows it.
    const queue = recordingMailQueue();
    const runs: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const counting = countingD1(env.DB);
      await runWaves({ ...env, ...queue, DB: counting.binding }, Date.now() + i * 15 * 60_000);
      runs.push(counting.queries);
    }
    expect(Math.max(...runs)).toBeLessThanOrEqual(WAVE_QUERIES);
    expect(runs.slice(0, 3)).toEqual([WAVE_QUERIES, WAVE_QUERIES, WAVE_QUERIES]);
    const [sent, ...older] = await list();
    expect(older).toEqual([]);
    expect(sent).toMatchObject({ id: first.id, invited: 1200 });
    expect(sent!.finishedAt).not.toBeNull();

    const next = await start('demo');
    expect(next.status).toBe(201);
    expect((await list()).map((w) => w.number)).toEqual([2, 1]);
  }, 30_000);
});
