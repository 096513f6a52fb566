import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { STATEMENT_IDS } from '@/maturity/levels';
import { maturityText } from '@/maturity/text';
import { messages } from '@/i18n/messages';
import { postForm, request } from '../support/api';
import { brokenDatabase } from '../support/broken-d1';

// The maturity self-test's form posts: validated, stored with nothing that points to a person,
// answered with the result page in the language of the page that posted.

const html = { accept: 'text/html' };
const all = (value: number) => Object.fromEntries(STATEMENT_IDS.map((id) => [`answers.${id}`, String(value)]));

async function stored() {
  const { results } = await env.DB.prepare('SELECT * FROM maturity_answers ORDER BY id').all<Record<string, unknown>>();
  return results;
}

beforeEach(async () => {
  await env.DB.prepare('DELETE FROM maturity_answers').run();
});

describe('the maturity self-test', () => {
  it('answers a Swedish form with the result page and stores the answers anonymously', async () => {
    const sv = maturityText('sv');
    const res = await postForm('/sv/maturity/', { ...all(4), 'answers.above': '3', 'answers.kpis': '3', department: '  Kundtjänst ' }, html);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="sv">');
    expect(page).toContain(`<h1>${sv.resultTitle}</h1>`);
    // Level 4 misses by 2 points (4 + 3 + 3 of 12): the company is at level 3, level 5 is met above the gap.
    expect(page).toContain(`<h2 data-level="3">Nivå 3: ${sv.levels[3].name}</h2>`);
    expect(page).toContain(sv.levels[3].description);
    expect(page).toMatch(/<tr data-level="4">.*?<td class="num">3,3<\/td><td class="num" data-points="2">2<\/td><\/tr>/);
    expect(page).toMatch(/<tr data-level="5">.*?data-points="0">✓ uppnådd</);
    expect(page).toContain(`<h2>För att nå nivå 4: ${sv.levels[4].name}</h2>`);
    for (const activity of sv.activities[3]) expect(page).toContain(`<li>${activity}</li>`);
    expect(page).toContain('<a href="/sv/maturity/">');
    expect(res.headers.get('set-cookie')).toBeNull();

    const rows = await stored();
    expect(rows).toHaveLength(1);
    // Nothing but these columns exist: no address, no cookie, no token, no time of day.
    expect(Object.keys(rows[0]!).sort()).toEqual(['answers', 'day', 'department', 'department_key', 'id', 'level', 'locale']);
    expect(rows[0]).toMatchObject({ locale: 'sv', level: 3, department: 'Kundtjänst', department_key: 'kundtjänst' });
    expect(rows[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.parse(rows[0]!.answers as string)).toEqual({ ...Object.fromEntries(STATEMENT_IDS.map((id) => [id, 4])), above: 3, kpis: 3 });
  });

  it('answers /maturity/ in English; all "strongly disagree" is level 0 with the first steps, no department stored', async () => {
    const en = maturityText('en');
    const res = await postForm('/maturity/', all(1), html);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(`<h2 data-level="0">Level 0: ${en.levels[0].name}</h2>`);
    expect(page).toContain('<h2>To reach level 1: Business as usual</h2>');
    expect(page).toContain(`<li>${en.activities[0][0]}</li>`);
    expect(await stored()).toMatchObject([{ locale: 'en', level: 0, department: null, department_key: null }]);
  });

  it('at level 5 shows how to stay there', async () => {
    const page = await (await postForm('/de/maturity/', all(5), html)).text();
    expect(page).toContain(`<h2 data-level="5">Stufe 5: ${maturityText('de').levels[5].name}</h2>`);
    expect(page).toContain(`<h2>${maturityText('de').top}</h2>`);
  });

  it('refuses missing and off-scale answers with a 400 naming each statement, in German, and stores nothing', async () => {
    const de = maturityText('de');
    const t = messages('de');
    const { 'answers.talk': _missing, ...answers } = all(4);
    const res = await postForm('/de/maturity/', { ...answers, 'answers.kpis': '6', 'answers.above': 'viel', department: 'x'.repeat(81) }, html);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('<html lang="de">');
    expect(page).toContain(`<li><strong>${de.statements.talk}</strong><br>${t('errorRequired')}</li>`);
    expect(page).toContain(`<li><strong>${de.statements.kpis}</strong><br>${t('errorAnswer')}</li>`);
    expect(page).toContain(`<li><strong>${de.statements.above}</strong><br>${t('errorAnswer')}</li>`);
    expect(page).toContain(`<li><strong>${de.department}</strong><br>${t('errorTooLong')}</li>`);
    expect(page).toContain('<a href="/de/maturity/">');
    expect(await stored()).toEqual([]);
  });

  it('names every statement when none is answered', async () => {
    const res = await postForm('/nb/maturity/', { department: 'Salg' }, html);
    expect(res.status).toBe(400);
    const page = await res.text();
    for (const id of STATEMENT_IDS) expect(page).toContain(`<strong>${maturityText('nb').statements[id]}</strong>`);
    expect(await stored()).toEqual([]);
  });

  it('refuses a field the test does not have, and a department with a control character', async () => {
    expect((await postForm('/maturity/', { ...all(4), 'answers.mood': '5' }, html)).status).toBe(400);
    expect((await postForm('/maturity/', { ...all(4), email: 'a@example.com' }, html)).status).toBe(400);
    expect((await postForm('/maturity/', { ...all(4), department: 'Sales\u0000' }, html)).status).toBe(400);
    expect(await stored()).toEqual([]);
  });

  it('answers an unknown locale with 404 and stores nothing', async () => {
    expect((await postForm('/xx/maturity/', all(4), html)).status).toBe(404);
    expect(await stored()).toEqual([]);
  });

  it('hands the answers back for another press when D1 is down (503), in the page’s language', async () => {
    const res = await postForm('/fi/maturity/', { ...all(2), department: 'Myynti' }, html, { DB: brokenDatabase() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const page = await res.text();
    expect(page).toContain('<html lang="fi">');
    expect(page).toContain('<form method="post" action="/fi/maturity/">');
    expect(page).toContain('<input type="hidden" name="answers.complaints" value="2">');
    expect(page).toContain('<input type="hidden" name="department" value="Myynti">');
  });

  it('limits answers per address as the survey does (429), keyed by the address but storing none', async () => {
    const headers = { ...html, 'cf-connecting-ip': '203.0.113.77' };
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await postForm('/nb/maturity/', all(3), headers)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(await stored()).toHaveLength(20);
  });

  it('serves the questionnaire itself as a static page (the Worker leaves GET alone)', async () => {
    expect((await request('/maturity/')).status).toBe(404);
  });
});
