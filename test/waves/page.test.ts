import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { estimate } from '@/nps/interval';
import { wilsonInterval } from '@/nps/proportion';
import { loadWavesPage } from '../../functions/pages/waves';
import { runWaves } from '../../functions/jobs/waves';
import { countingD1 } from '../support/counting-d1';
import { admin, postJson, request } from '../support/api';
import { recordingMailQueue } from '../support/mail-queue';

describe('/results/<survey>/waves', () => {
  it("shows each wave's response rate with its Wilson interval and the NPS of its answers, in two D1 queries", async () => {
    const contacts = Array.from({ length: 40 }, (_, i) => ({ email: `page-wave-${i}@example.com` }));
    await postJson('/api/contacts', { contacts }, admin);
    expect((await request('/api/surveys/demo/waves', { method: 'POST', headers: admin })).status).toBe(201);
    await runWaves({ ...env, ...recordingMailQueue() }, Date.now());
    const { results: invitations } = await env.DB.prepare('SELECT id FROM invitations WHERE wave IS NOT NULL ORDER BY rowid').all<{ id: string }>();
    expect(invitations).toHaveLength(40);
    // 10 answers: 6 promoters, 1 passive, 3 detractors.
    const scores = [10, 9, 9, 10, 9, 9, 8, 2, 5, 6];
    for (const [i, score] of scores.entries()) {
      expect((await postJson('/api/surveys/demo/responses', { score, invitation: invitations[i]!.id })).status).toBe(201);
    }
    const db = countingD1(env.DB);
    const page = await loadWavesPage(db.binding, 'demo');
    if (page instanceof Response) throw new Error(`status ${page.status}`);
    expect(db.queries).toBe(2);
    const [wave] = page.waves;
    expect(wave!.wave).toMatchObject({ number: 1, invited: 40, answered: 10 });
    const [low, high] = wilsonInterval(10, 40)!;
    expect(wave!.rate).toEqual({ value: 0.25, low, high });
    expect(wave!.nps).toMatchObject({ ...estimate({ promoters: 6, passives: 1, detractors: 3 }), nps: 30, shown: true });
    expect(low).toBeGreaterThan(0.14);
    expect(high).toBeLessThan(0.41);
  });

  it('an unknown survey is 404', async () => {
    const page = await loadWavesPage(env.DB, 'nope');
    expect(page instanceof Response && page.status).toBe(404);
  });
});
