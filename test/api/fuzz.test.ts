import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorise } from '@/nps/category';
import { ISSUE_CODES } from '@/schemas/problem';
import { admin, postJson, request } from '../support/api';

/**
 * Thousands of generated requests against the response API: wrong types, out-of-range
 * scores, huge strings, deep objects, unknown fields, __proto__, invalid UTF-8, wrong content
 * types, malformed JSON, tampered tokens. Never a 5xx, every rejection a 4xx that says what is
 * wrong, and every stored row within the schema.
 */
// 3 × 3,000 + 1,000 tokens + 1,000 × 3 follow-up and invitation calls = 13,000 generated requests.
const RUNS = 3_000;
const TOKEN_RUNS = 1_000;

const anything = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double(),
  fc.string({ maxLength: 40 }),
  // Any code point: controls, separators, astral characters.
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(null),
  fc.boolean(),
  fc.constant(''),
  fc.constant('7'),
  fc.constant(' 10 '),
  fc.string({ minLength: 2100, maxLength: 2200 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);

const deep = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor'), tie('node'), { maxKeys: 2 })) })).node;

const nearlyValid = fc.record(
  {
    score: fc.integer({ min: 0, max: 10 }),
    reason: fc.string({ maxLength: 200 }),
    locale: fc.constantFrom('en', 'sv', 'de'),
    answers: fc.record({ value: fc.constantFrom('price', 'quality', 'service') }, { requiredKeys: [] }),
    segments: fc.record({ department: fc.string({ minLength: 1, maxLength: 20 }), function: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ['score'] },
);

const anySubmission = fc.record(
  {
    score: fc.oneof(fc.integer({ min: -5, max: 15 }), anything),
    reason: anything,
    followUp: anything,
    locale: fc.oneof(fc.constantFrom('en', 'sv', 'de', 'xx', 'EN'), anything),
    answers: fc.oneof(fc.record({ value: fc.oneof(fc.constantFrom('price', 'quality', 'vibes'), anything) }, { requiredKeys: [] }), deep, anything),
    segments: fc.oneof(fc.record({ department: anything, function: anything, region: anything }, { requiredKeys: [] }), deep, anything),
    invitation: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{22}$/), anything),
    website: fc.oneof(fc.constant(''), anything),
    __proto__: deep,
    constructor: anything,
    extra: anything,
  },
  { requiredKeys: [] },
);
// Whole bodies of any JSON shape too: null, numbers, strings, arrays at the top.
const submission = fc.oneof(anySubmission, nearlyValid, fc.jsonValue());

type Reply = { status: number; body: { error?: string; issues?: { path: string; code: string; message: string }[]; id?: string; category?: string } };

async function send(init: { body: BodyInit; type: string }): Promise<Reply> {
  const res = await request('/api/surveys/demo/responses', { method: 'POST', body: init.body, headers: { 'content-type': init.type } });
  // A form that was stored is answered 303 with no body.
  return { status: res.status, body: res.status === 303 ? {} : await res.json() };
}

function expectWellFormed({ status, body }: Reply) {
  expect(status).toBeLessThan(500);
  if (status === 303) return;
  if (status === 201) {
    expect(body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  } else {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(body.error).toBeTruthy();
    expect(Array.isArray(body.issues)).toBe(true);
    if (status === 400) expect(body.issues!.length).toBeGreaterThan(0);
    for (const issue of body.issues!) {
      expect(typeof issue.message).toBe('string');
      expect(ISSUE_CODES).toContain(issue.code);
    }
  }
}

describe('fuzzing POST /api/surveys/<survey>/responses', { timeout: 120_000 }, () => {
  it(`${RUNS} generated JSON submissions: never a 5xx, always a reason`, async () => {
    await fc.assert(
      fc.asyncProperty(submission, async (payload) => {
        expectWellFormed(await send({ body: JSON.stringify(payload), type: 'application/json' }));
      }),
      { numRuns: RUNS },
    );
  });

  it(`${RUNS} generated forms`, async () => {
    const field = fc.constantFrom('score', 'reason', 'followUp', 'locale', 'answers.value', 'answers.nope', 'segments.department', 'segments.x', 'website', '__proto__', 'answers.__proto__', 'a.b.c');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('7', '10', '-1', '')))), async (pairs) => {
        expectWellFormed(await send({ body: new URLSearchParams(pairs).toString(), type: 'application/x-www-form-urlencoded' }));
      }),
      { numRuns: RUNS },
    );
  });

  it(`${RUNS} malformed bodies and content types`, async () => {
    const bytes = fc.uint8Array({ maxLength: 300 });
    const type = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/xml', 'multipart/form-data', '', 'application/x-www-form-urlencoded');
    await fc.assert(
      fc.asyncProperty(bytes, type, async (body, contentType) => {
        const reply = await send({ body, type: contentType });
        expectWellFormed(reply);
        if (!/json|form/.test(contentType)) expect(reply.status).toBe(415);
      }),
      { numRuns: RUNS },
    );
  });

  it(`${TOKEN_RUNS} tampered invitation tokens are refused, naming the field`, async () => {
    const res = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: 'fuzz-1' }] }, admin);
    const token = ((await res.json()) as { results: { id: string }[] }).results[0]!.id;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 21 }), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), async (at, char) => {
        fc.pre(token[at] !== char);
        const tampered = token.slice(0, at) + char + token.slice(at + 1);
        const reply = await send({ body: JSON.stringify({ score: 9, invitation: tampered }), type: 'application/json' });
        expect(reply.status).toBe(400);
        expect(reply.body.issues![0]!.path).toBe('invitation');
      }),
      { numRuns: TOKEN_RUNS },
    );
  });

  it(`${TOKEN_RUNS} generated bodies for the follow-up and the invitation API`, async () => {
    const { id } = await (await postJson('/api/surveys/demo/responses', { score: 5 })).json<{ id: string }>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ followUp: anything, answers: anything, locale: anything }, { requiredKeys: [] })), async (body) => {
        const amend = await request(`/api/surveys/demo/responses/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(amend.status).toBeLessThan(500);
        const invite = await postJson('/api/invitations', { survey: 'demo', recipients: [body] }, admin);
        expect(invite.status).toBeLessThan(500);
        const raw = await postJson('/api/invitations', body, admin);
        expect([400, 404]).toContain(raw.status);
      }),
      { numRuns: TOKEN_RUNS },
    );
  });

  it('every stored row is within the schema', async () => {
    const { results } = await env.DB.prepare('SELECT score, category, reason, follow_up, answers, segments, locale FROM responses').all<Record<string, string | number | null>>();
    expect(results.length).toBeGreaterThan(10);
    for (const row of results) {
      expect(Number.isInteger(row.score)).toBe(true);
      expect(row.category).toBe(categorise(row.score as number));
      expect(['en', 'sv', 'da', 'pl', 'de', 'nb', 'fi']).toContain(row.locale);
      expect(String(row.reason ?? '').length).toBeLessThanOrEqual(2000);
      const answers = JSON.parse(row.answers as string) as Record<string, unknown>;
      expect(Object.keys(answers).every((k) => k === 'value')).toBe(true);
      if ('value' in answers) expect(['price', 'quality', 'service']).toContain(answers.value);
      const segments = JSON.parse(row.segments as string) as Record<string, unknown>;
      expect(Object.keys(segments).every((k) => ['department', 'function', 'person'].includes(k))).toBe(true);
      for (const value of Object.values(segments)) expect(value).toMatch(/^[^\x00-\x1F\x7F-\x9F\u2028\u2029\p{Cs}]+$/u);
      expect(String(row.reason ?? '')).toMatch(/^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\p{Cs}]*$/u);
      expect(Object.getPrototypeOf(segments)).toBe(Object.prototype);
    }
  });
});
