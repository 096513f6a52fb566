import { describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../functions/auth/base64url';
import {
  SESSION_COOKIE,
  SESSION_TTL_MS,
  deriveSessionSecret,
  sessionCookieOptions,
  signSession,
  verifySession,
} from '../../functions/auth/session';

const NOW = Date.UTC(2026, 0, 15, 12);
const SECRET = 'session-secret-for-tests';

describe('session cookie', () => {
  it('round-trips the subject until it expires', async () => {
    const value = await signSession(SECRET, { sub: 'admin', exp: NOW + SESSION_TTL_MS });
    expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await verifySession(SECRET, value, NOW)).toEqual({ sub: 'admin' });
    expect(await verifySession(SECRET, value, NOW + SESSION_TTL_MS - 1)).toEqual({ sub: 'admin' });
  });

  it('is refused once expired', async () => {
    const value = await signSession(SECRET, { sub: 'admin', exp: NOW + SESSION_TTL_MS });
    expect(await verifySession(SECRET, value, NOW + SESSION_TTL_MS)).toBeNull();
  });

  it('is refused when the payload is edited, even to extend it', async () => {
    const value = await signSession(SECRET, { sub: 'viewer', exp: NOW + 1000 });
    const signature = value.split('.')[1];
    const edited = encodeBase64Url(new TextEncoder().encode(JSON.stringify({ sub: 'admin', exp: NOW + 10 * SESSION_TTL_MS })));
    expect(await verifySession(SECRET, `${edited}.${signature}`, NOW)).toBeNull();
  });

  it('is refused when signed with another secret', async () => {
    const value = await signSession('another-secret', { sub: 'admin', exp: NOW + SESSION_TTL_MS });
    expect(await verifySession(SECRET, value, NOW)).toBeNull();
  });

  it('is refused, not thrown over, for an empty secret', async () => {
    const value = await signSession(SECRET, { sub: 'admin', exp: NOW + SESSION_TTL_MS });
    expect(await verifySession('', value, NOW)).toBeNull();
    await expect(signSession('', { sub: 'admin', exp: NOW })).rejects.toThrow(RangeError);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['one part', 'abc'],
    ['three parts', 'a.b.c'],
    ['only dots', '..'],
    ['garbage base64', '!!!.???'],
    ['impossible base64 length', 'abcde.abcde'],
    ['oversized', `${'A'.repeat(5000)}.AAAA`],
  ])('is refused without throwing when %s', async (_, value) => {
    expect(await verifySession(SECRET, value, NOW)).toBeNull();
  });

  it('is refused when a correctly signed payload is not a session', async () => {
    const encoder = new TextEncoder();
    const key = await crypto.subtle.importKey('raw', encoder.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    for (const body of ['not json', '[]', '{"sub":"","exp":9e15}', '{"sub":"admin"}', '{"sub":"admin","exp":"tomorrow"}']) {
      const payload = encodeBase64Url(encoder.encode(body));
      const signature = encodeBase64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(payload)));
      expect(await verifySession(SECRET, `${payload}.${signature}`, NOW)).toBeNull();
    }
  });

  it('is set as a strict, script-proof cookie that lasts as long as the session', () => {
    expect(SESSION_COOKIE).toBe('nps_session');
    expect(sessionCookieOptions(true)).toEqual({ httpOnly: true, sameSite: 'Strict', secure: true, path: '/', maxAge: 8 * 3600 });
    expect(sessionCookieOptions(false).secure).toBe(false);
    expect(SESSION_TTL_MS).toBe(8 * 3600 * 1000);
  });
});

describe('session secret derived from the admin token', () => {
  it('is stable for one admin token', async () => {
    const secret = await deriveSessionSecret('admin-token-1');
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await deriveSessionSecret('admin-token-1')).toBe(secret);
    expect(secret).not.toContain('admin-token-1');
  });

  it('changes with the admin token, so rotating it logs everyone out', async () => {
    const before = await deriveSessionSecret('admin-token-1');
    const after = await deriveSessionSecret('admin-token-2');
    expect(after).not.toBe(before);
    const value = await signSession(before, { sub: 'admin', exp: NOW + SESSION_TTL_MS });
    expect(await verifySession(after, value, NOW)).toBeNull();
  });

  it('cannot be derived from an unset admin token', async () => {
    await expect(deriveSessionSecret('')).rejects.toThrow(RangeError);
  });
});
