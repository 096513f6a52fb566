import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { countRows, postForm, postJson, request, storedResponse, uniqueName } from '../support/api';
import { CATEGORY_BOUNDARIES } from '../support/boundaries';
import type { IssueCode } from '@/schemas/problem';
import sv from '@/i18n/sv';

const RESPONSES = '/api/surveys/demo/responses';

const patch = (id: string, body: unknown) =>
  request(`${RESPONSES}/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('POST /api/surveys/<survey>/responses', () => {
  it('stores a JSON answer and replies 201 with its id and category', async () => {
    const res = await postJson(RESPONSES, { score: 9, reason: 'Fast delivery', locale: 'sv', segments: { department: 'Sales' }, answers: { value: 'quality' } });
    expect(res.status).toBe(201);
    const body = await res.json<{ id: string; category: string }>();
    expect(body.category).toBe('promoter');
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const row = await storedResponse(body.id);
    expect(row).toMatchObject({ survey: 'demo', score: 9, category: 'promoter', reason: 'Fast delivery', locale: 'sv', channel: 'link' });
    expect(JSON.parse(row!.segments as string)).toEqual({ department: 'Sales' });
    expect(JSON.parse(row!.answers as string)).toEqual({ value: 'quality' });
  });

  it.each(CATEGORY_BOUNDARIES)('categorises a score of %i as %s on the server', async (score, category) => {
    const res = await postJson(RESPONSES, { score });
    const body = await res.json<{ id: string; category: string }>();
    expect(body.category).toBe(category);
    expect((await storedResponse(body.id))!.category).toBe(category);
  });

  it('ignores a category sent by the client: the field is refused', async () => {
    const res = await postJson(RESPONSES, { score: 3, category: 'promoter' });
    expect(res.status).toBe(400);
    expect((await res.json<{ issues: { path: string }[] }>()).issues).toContainEqual({ path: 'category', code: 'field.unknown', message: 'is not a known field' });
  });

  it('answers a no-JS form post with 303 to the thank-you page in its locale', async () => {
    const res = await postForm(RESPONSES, { score: '4', reason: 'Slow', locale: 'de', 'answers.value': 'price' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/de\/s\/demo\/thanks\/\?r=[A-Za-z0-9_-]{22}$/);
    const row = await storedResponse(new URL(location, 'https://x').searchParams.get('r')!);
    expect(row).toMatchObject({ score: 4, category: 'detractor', reason: 'Slow', locale: 'de' });
  });

  it('takes segments from the survey link when the page posts to its own URL, limited to declared dimensions', async () => {
    const department = uniqueName('Support');
    const res = await postForm(`/s/demo/?department=${department}&function=Tier%201&utm_source=mail`, { score: '8' });
    expect(res.status).toBe(303);
    const row = await storedResponse(new URL(res.headers.get('location')!, 'https://x').searchParams.get('r')!);
    expect(JSON.parse(row!.segments as string)).toEqual({ department, function: 'Tier 1' });
    expect(row!.locale).toBe('en');
  });

  it('records the locale of a localised survey page', async () => {
    const res = await postForm('/fi/s/demo/', { score: '10' });
    expect(res.headers.get('location')).toMatch(/^\/fi\/s\/demo\/thanks\//);
  });

  it('returns the first response for a retried Idempotency-Key instead of storing a copy', async () => {
    const key = crypto.randomUUID();
    const first = await postJson(RESPONSES, { score: 5 }, { 'idempotency-key': key });
    const before = await countRows('responses');
    const again = await postJson(RESPONSES, { score: 5 }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect((await again.json<{ id: string }>()).id).toBe((await first.json<{ id: string }>()).id);
    expect(await countRows('responses')).toBe(before);
  });
});

describe('bad input is a 4xx naming the field, and stores nothing', () => {
  // Each with the stable code a program (and the survey page) reads instead of the English message.
  const cases: [string, unknown, string, IssueCode][] = [
    ['no score', { reason: 'x' }, 'score', 'score.required'],
    ['a score of 11', { score: 11 }, 'score', 'score.invalid'],
    ['a score of -1', { score: -1 }, 'score', 'score.invalid'],
    ['a fractional score', { score: 7.5 }, 'score', 'score.invalid'],
    ['a score as words', { score: 'seven' }, 'score', 'score.invalid'],
    ['a reason over 2,000 characters', { score: 5, reason: 'x'.repeat(2001) }, 'reason', 'text.too_long'],
    ['a reason that is not text', { score: 5, reason: 42 }, 'reason', 'text.invalid'],
    ['an unknown question', { score: 5, answers: { colour: 'red' } }, 'answers.colour', 'field.unknown'],
    ['an option the question does not have', { score: 5, answers: { value: 'vibes' } }, 'answers.value', 'answer.invalid'],
    ['a locale the survey does not offer', { score: 5, locale: 'xx' }, 'locale', 'locale.invalid'],
    ['an undeclared segment', { score: 5, segments: { region: 'North' } }, 'segments.region', 'field.unknown'],
    ['a segment value over 120 characters', { score: 5, segments: { department: 'x'.repeat(121) } }, 'segments.department', 'text.too_long'],
    ['a filled honeypot', { score: 5, website: 'http://spam' }, 'website', 'invalid'],
    ['a malformed invitation token', { score: 5, invitation: 'abc' }, 'invitation', 'invitation.invalid'],
    ['an unknown field', { score: 5, __proto__: { admin: true }, extra: 1 }, 'extra', 'field.unknown'],
    ['an array instead of an object', [1, 2], '', 'invalid'],
    ['null instead of an object', null, '', 'invalid'],
    ['a bare string', 'score=7', '', 'invalid'],
    ['a bare number', 7, '', 'invalid'],
  ];
  it.each(cases)('%s', async (_name, body, path, code) => {
    const before = await countRows('responses');
    const res = await postJson(RESPONSES, body);
    expect(res.status).toBe(400);
    const problem = await res.json<{ error: string; issues: { path: string; code: string; message: string }[] }>();
    expect(problem.error).toBeTruthy();
    expect(problem.issues).toContainEqual(expect.objectContaining({ path, code }));
    expect(await countRows('responses')).toBe(before);
  });

  it('400 for malformed JSON', async () => {
    const res = await request(RESPONSES, { method: 'POST', body: '{"score": 7', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Malformed JSON', issues: [{ path: '', code: 'body.malformed', message: 'the body is not valid JSON' }] });
  });

  it('a plain form with no score and a long reason gets a 400 page in its language, naming the question', async () => {
    const res = await postForm('/sv/s/demo/', { reason: 'x'.repeat(2001) }, { accept: 'text/html' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('lang="sv"');
    expect(page).toContain(`<li>${sv.chooseScore}</li>`);
    expect(page).toContain(`<li><strong>${sv.reasonQuestion}</strong><br>${sv.errorTooLong}</li>`);
    // The API's English messages are for programs, not for the respondent.
    expect(page).not.toMatch(/must be|score:/);
    expect(page).toContain('href="/sv/s/demo/"');
  });

  it('404 for an unknown survey', async () => {
    const res = await postJson('/api/surveys/nope/responses', { score: 5 });
    expect(res.status).toBe(404);
    expect((await res.json<{ issues: { path: string }[] }>()).issues[0]!.path).toBe('survey');
  });

  it('410 for a closed survey', async () => {
    const res = await postJson('/api/surveys/onboarding-2025/responses', { score: 5 });
    expect(res.status).toBe(410);
  });

  it('413 for a body over 16 KB', async () => {
    const res = await postJson(RESPONSES, { score: 5, reason: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json<{ issues: unknown[] }>()).issues).toHaveLength(1);
  });

  it('415 for other content types', async () => {
    const res = await request(RESPONSES, { method: 'POST', body: 'score=5', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect((await res.json<{ issues: { path: string }[] }>()).issues[0]!.path).toBe('Content-Type');
  });

  it('429 once one address sends too many answers to one survey in a minute', async () => {
    const from = { 'cf-connecting-ip': '203.0.113.77' };
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await postJson(RESPONSES, { score: 8 }, from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another survey from the same address is counted apart.
    expect((await postJson('/api/surveys/support/responses', { score: 8 }, from)).status).toBe(201);
  });
});

describe('the follow-up amends the same response', () => {
  it('PATCH adds the follow-up answer and keeps the score', async () => {
    const { id } = await (await postJson(RESPONSES, { score: 7 })).json<{ id: string }>();
    const res = await request(`${RESPONSES}/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ followUp: 'Cheaper shipping' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await storedResponse(id)).toMatchObject({ score: 7, category: 'passive', follow_up: 'Cheaper shipping' });
  });

  it('a form post from the thank-you page answers 303 to the final thanks', async () => {
    const { id } = await (await postJson(RESPONSES, { score: 2 })).json<{ id: string }>();
    const res = await postForm(`${RESPONSES}/${id}`, { followUp: 'Nobody called back', locale: 'pl' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/pl/s/demo/thanks/?r=${id}&done=1`);
    expect((await storedResponse(id))!.follow_up).toBe('Nobody called back');
  });

  it('410 naming the reason once the answer is more than 24 hours old, and nothing changes', async () => {
    const { id } = await (await postJson(RESPONSES, { score: 7 })).json<{ id: string }>();
    await env.DB.prepare('UPDATE responses SET created_at = created_at - 86400001 WHERE id = ?').bind(id).run();
    const res = await patch(id, { followUp: 'Too late?' });
    expect(res.status).toBe(410);
    expect((await res.json<{ issues: { path: string; message: string }[] }>()).issues).toEqual([
      { path: 'id', code: 'response.too_late', message: 'a response can be amended only within 24 hours of the answer' },
    ]);
    expect((await storedResponse(id))!.follow_up).toBeNull();
    // A day minus a minute is still in time.
    const { id: recent } = await (await postJson(RESPONSES, { score: 7 })).json<{ id: string }>();
    await env.DB.prepare('UPDATE responses SET created_at = created_at - 86340000 WHERE id = ?').bind(recent).run();
    expect((await patch(recent, { followUp: 'Just in time' })).status).toBe(200);
  });

  it('adds what is missing and never replaces an answer: 409 naming the field, the same answer again is 200', async () => {
    const { id } = await (await postJson(RESPONSES, { score: 9, followUp: 'Fast' })).json<{ id: string }>();
    const replace = await patch(id, { followUp: 'Slow', answers: { value: 'price' } });
    expect(replace.status).toBe(409);
    expect((await replace.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toEqual(['followUp']);
    // Refused whole: the new answer that came with it is not stored either.
    expect(await storedResponse(id)).toMatchObject({ follow_up: 'Fast', answers: '{}' });
    const add = await patch(id, { followUp: 'Fast', answers: { value: 'price' } });
    expect(add.status).toBe(200);
    expect(await add.json()).toEqual({ id, updated: true });
    expect(await (await patch(id, { answers: { value: 'price' } })).json()).toEqual({ id, updated: false });
    const other = await patch(id, { answers: { value: 'quality' } });
    expect(other.status).toBe(409);
    expect((await other.json<{ issues: { path: string }[] }>()).issues.map((i) => i.path)).toEqual(['answers.value']);
    expect(await storedResponse(id)).toMatchObject({ score: 9, follow_up: 'Fast' });
    expect(JSON.parse((await storedResponse(id))!.answers as string)).toEqual({ value: 'price' });
  });

  it('a plain form whose amendment fails gets a page in the respondent\'s language, not JSON', async () => {
    const html = { accept: 'text/html' };
    const unknown = await postForm(`${RESPONSES}/${'A'.repeat(22)}`, { followUp: 'x', locale: 'sv' }, html);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(await unknown.text()).toContain('Svaret hittades inte');

    const { id } = await (await postJson(RESPONSES, { score: 2, followUp: 'Nobody called' })).json<{ id: string }>();
    const kept = await postForm(`${RESPONSES}/${id}`, { followUp: 'Still nobody', locale: 'de' }, html);
    expect(kept.status).toBe(409);
    const keptPage = await kept.text();
    expect(keptPage).toContain('lang="de"');
    expect(keptPage).toContain('Bereits beantwortet');

    await env.DB.prepare('UPDATE responses SET created_at = created_at - 2 * 86400000 WHERE id = ?').bind(id).run();
    const late = await postForm(`${RESPONSES}/${id}`, { 'answers.value': 'price', locale: 'pl' }, html);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('Za późno, by uzupełnić odpowiedź');
    expect((await storedResponse(id))!.answers).toBe('{}');
  });

  it('404 for a response id that does not exist, and nothing else changes', async () => {
    const res = await request(`${RESPONSES}/AAAAAAAAAAAAAAAAAAAAAA`, {
      method: 'PATCH',
      body: JSON.stringify({ followUp: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(404);
  });

  it('cannot amend a response through another survey', async () => {
    const { id } = await (await postJson(RESPONSES, { score: 2 })).json<{ id: string }>();
    const res = await request(`/api/surveys/support/responses/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ followUp: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(404);
    expect((await storedResponse(id))!.follow_up).toBeNull();
  });
});
