import { describe, expect, it } from 'vitest';
import { cspHeader } from '../../functions/http/csp';
import { admin, postJson, request } from '../support/api';

/** The replies every route shares are written once: the same survey refused the same way wherever it is named. */
const UNKNOWN = { error: 'Unknown survey', issues: [{ path: 'survey', code: 'survey.unknown', message: 'no survey "nope"' }] };
const CLOSED = { error: 'This survey is closed', issues: [{ path: 'survey', code: 'survey.closed', message: 'no longer accepts answers' }] };

describe('one reply for an unknown or closed survey', () => {
  it.each([
    ['answering', () => postJson('/api/surveys/nope/responses', { score: 9 })],
    ['amending', () => request('/api/surveys/nope/responses/abc', { method: 'PATCH', body: '{}', headers: { 'content-type': 'application/json' } })],
    ['the summary', () => request('/api/surveys/nope/summary', { headers: admin })],
    ['the API export', () => request('/api/surveys/nope/responses.csv', { headers: admin })],
    ['the results export', () => request('/results/nope/export.json', { headers: admin })],
    ['inviting', () => postJson('/api/invitations', { survey: 'nope', recipients: [{ externalId: 'x' }] }, admin)],
  ])('%s: 404 survey.unknown naming the id', async (_, call) => {
    const res = await call();
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(UNKNOWN);
  });

  it.each([
    ['answering', () => postJson('/api/surveys/onboarding-2025/responses', { score: 9 })],
    ['inviting', () => postJson('/api/invitations', { survey: 'onboarding-2025', recipients: [{ externalId: 'x' }] }, admin)],
  ])('%s a closed survey: 410 survey.closed', async (_, call) => {
    const res = await call();
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual(CLOSED);
  });
});

describe('one Content-Security-Policy', () => {
  it('the Worker sends it with the pages it writes (static assets: test/site/headers.test.ts)', async () => {
    const res = await request('/login');
    expect(res.headers.get('content-security-policy')).toBe(cspHeader());
  });
});
