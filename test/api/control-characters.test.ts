import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { recordSubmission } from '../../functions/collect/record';
import { loadSurveys } from '../../functions/surveys/catalog';
import { messages } from '@/i18n/messages';
import { admin, countRows, postForm, postJson, request, storedResponse, uniqueName } from '../support/api';

const RESPONSES = '/api/surveys/demo/responses';
type Problem = { error: string; issues: { path: string; code: string; message: string }[] };

// One of each kind refused outside comments: C0, DEL, C1, the Unicode separators, a lone surrogate.
const CONTROLS: [string, string][] = [
  ['a NUL', '\u0000'],
  ['a bell', '\u0007'],
  ['a tab', '\t'],
  ['a newline', '\n'],
  ['an escape', '\u001b'],
  ['a DEL', '\u007f'],
  ['a C1 next-line', '\u0085'],
  ['a C1 control', '\u009b'],
  ['a line separator', '\u2028'],
  ['a paragraph separator', '\u2029'],
  ['a lone surrogate', '\ud800'],
];

async function refused(res: Response, path: string, message = 'control characters') {
  expect(res.status).toBe(400);
  const problem = await res.json<Problem>();
  // The e-mail's own pattern refuses it before the text rule: its code is the generic one.
  const code = message === 'control characters' ? 'text.control' : 'invalid';
  expect(problem.issues).toContainEqual({ path, code, message: expect.stringContaining(message) });
}

describe('a control character in a field that is not a comment: 400 naming the field, nothing stored', () => {
  it.each(CONTROLS)('%s in every segment dimension of an answer', async (_name, control) => {
    for (const dimension of ['department', 'function', 'person']) {
      const before = await countRows('responses');
      const segments = { department: 'Sales', function: 'Inside', person: 'Bo', [dimension]: `Sa${control}les` };
      await refused(await postJson(RESPONSES, { score: 7, segments }), `segments.${dimension}`);
      expect(await countRows('responses')).toBe(before);
    }
  });

  it('in a segment of an anonymous survey link, posted without JavaScript', async () => {
    const before = await countRows('responses');
    const res = await postForm('/s/demo/?department=Sales%1B%5B2J', { score: '8' }, { accept: 'text/html' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain(messages('en')('invalidTitle'));
    expect(page).not.toContain('\u001b');
    expect(await countRows('responses')).toBe(before);
  });

  it('in an Idempotency-Key', async () => {
    const before = await countRows('responses');
    await refused(await postJson(RESPONSES, { score: 7 }, { 'idempotency-key': 'key\twith tab' }), 'Idempotency-Key');
    expect(await countRows('responses')).toBe(before);
  });

  it('in the answer to a short-text question', async () => {
    const survey = loadSurveys({
      'src/content/surveys/pulse.yaml': `id: pulse\nkind: transactional\ncompany: Acme\nindustry: banking\nquestions:\n  extra:\n    - { id: product, type: text, text: { en: Which product? } }\n`,
    }).get('pulse')!;
    const before = await countRows('responses');
    expect(await recordSubmission(env.DB, survey, { score: 9, answers: { product: 'Card\u0000' } })).toEqual({
      ok: false,
      issues: [{ path: 'answers.product', code: 'text.control', message: expect.stringContaining('control characters') }],
    });
    expect(await countRows('responses')).toBe(before);
    expect(await recordSubmission(env.DB, survey, { score: 9, answers: { product: 'Kort 💳 卡' } })).toMatchObject({ ok: true });
  });

  it.each([
    ['externalId', { externalId: 'crm\u000742' }, 'recipients.1.externalId', undefined],
    ['name', { externalId: 'crm-ctl', name: 'Ann\u2028Admin' }, 'recipients.1.name', undefined],
    ['touchpoint', { externalId: 'crm-ctl', touchpoint: 'case\n4711' }, 'recipients.1.touchpoint', undefined],
    ['segment value', { externalId: 'crm-ctl', segments: { person: 'Eva\u0085' } }, 'recipients.1.segments.person', undefined],
    // The e-mail rule (zod's address pattern) refuses it already.
    ['e-mail', { email: 'ann\u0000@example.com' }, 'recipients.1.email', 'e-mail address'],
  ])('in an invitation recipient’s %s', async (_name, recipient, path, message) => {
    const [contacts, invitations] = [await countRows('contacts'), await countRows('invitations')];
    await refused(await postJson('/api/invitations', { survey: 'demo', recipients: [{ email: 'fine@example.com' }, recipient] }, admin), path, message);
    expect([await countRows('contacts'), await countRows('invitations')]).toEqual([contacts, invitations]);
  });

  it('in a segment filter of the summary', async () => {
    await refused(await request('/api/surveys/demo/summary?department=Sales%00', { headers: admin }), 'department');
  });
});

describe('comments keep their line breaks and tabs, and nothing else', () => {
  it('stores a multi-line reason with \\n line breaks, whatever the client sent', async () => {
    const res = await postJson(RESPONSES, { score: 4, reason: 'Slow:\r\n\t- delivery\u2028- support\rEnd', followUp: 'Call me\u000bplease' });
    expect(res.status).toBe(201);
    const row = await storedResponse((await res.json<{ id: string }>()).id);
    expect(row).toMatchObject({ reason: 'Slow:\n\t- delivery\n- support\nEnd', follow_up: 'Call me\nplease' });
  });

  it.each([
    ['a NUL', '\u0000'],
    ['an escape', '\u001b'],
    ['a DEL', '\u007f'],
    ['a C1 control', '\u009b'],
    ['a lone surrogate', '\udc00'],
  ])('refuses %s in a reason or a follow-up', async (_name, control) => {
    const before = await countRows('responses');
    await refused(await postJson(RESPONSES, { score: 4, reason: `Bad${control}` }), 'reason');
    expect(await countRows('responses')).toBe(before);
    const { id } = await (await postJson(RESPONSES, { score: 4, segments: { department: uniqueName('Amend') } })).json<{ id: string }>();
    const amend = await request(`${RESPONSES}/${id}`, { method: 'PATCH', body: JSON.stringify({ followUp: `Bad${control}` }), headers: { 'content-type': 'application/json' } });
    await refused(amend, 'followUp');
    expect((await storedResponse(id))!.follow_up).toBeNull();
  });
});
