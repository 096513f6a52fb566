import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearAccessKeyCache, verifyAccessJwt } from '../../functions/auth/access';
import { encodeBase64Url } from '../../functions/auth/base64url';
import { AUDIENCE, NOW, TEAM, accessToken, certsEndpoint, claimsAt, encoder, segment, signingKey, type SigningKey } from '../support/access-jwt';

let current: SigningKey;
let impostor: SigningKey;
let next: SigningKey;

beforeAll(async () => {
  [current, impostor, next] = await Promise.all([signingKey('key-1'), signingKey('key-1'), signingKey('key-2')]);
});

beforeEach(() => clearAccessKeyCache());

describe('Cloudflare Access JWT', () => {
  it('accepts a token signed by the team and returns who it is for', async () => {
    const endpoint = certsEndpoint(current);
    const token = await accessToken(current, claimsAt(NOW));
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toEqual({
      sub: 'user-7',
      email: 'ada@acme.example',
    });
    expect(endpoint.requests).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);
  });

  it('accepts the team domain as a pasted URL and a single audience string', async () => {
    const endpoint = certsEndpoint(current);
    const token = await accessToken(current, claimsAt(NOW, { aud: AUDIENCE, email: undefined }));
    const options = { teamDomain: ` https://${TEAM.toUpperCase()}/ `, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks };
    expect(await verifyAccessJwt(token, options)).toEqual({ sub: 'user-7' });
    expect(endpoint.requests).toEqual([`https://${TEAM}/cdn-cgi/access/certs`]);
  });

  it('tolerates a minute of clock skew either way', async () => {
    const endpoint = certsEndpoint(current);
    const seconds = NOW / 1000;
    const token = await accessToken(current, claimsAt(NOW, { exp: seconds - 50, nbf: seconds + 50, iat: seconds + 50 }));
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).not.toBeNull();
  });

  it('refuses a token signed by another key under the published kid', async () => {
    const endpoint = certsEndpoint(current);
    const token = await accessToken(impostor, claimsAt(NOW));
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
  });

  it.each([
    ['expired', { exp: NOW / 1000 - 61 }],
    ['not yet valid', { nbf: NOW / 1000 + 61 }],
    ['issued in the future', { iat: NOW / 1000 + 61 }],
    ['for another application', { aud: ['some-other-aud'] }],
    ['issued by another team', { iss: 'https://evil.cloudflareaccess.com' }],
    ['without a subject', { sub: '' }],
    ['without an expiry', { exp: undefined }],
  ])('refuses a correctly signed token that is %s', async (_, overrides) => {
    const endpoint = certsEndpoint(current);
    const token = await accessToken(current, claimsAt(NOW, overrides));
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
  });

  it('refuses an unsigned token (alg none) before looking up any key', async () => {
    const endpoint = certsEndpoint(current);
    const token = `${segment({ alg: 'none', kid: 'key-1' })}.${segment(claimsAt(NOW))}.`;
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
    expect(endpoint.requests).toEqual([]);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const endpoint = certsEndpoint(current);
    const publicKeyBytes = encoder.encode(JSON.stringify(current.jwk));
    const hmacKey = await crypto.subtle.importKey('raw', publicKeyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signed = `${segment({ alg: 'HS256', kid: 'key-1' })}.${segment(claimsAt(NOW))}`;
    const token = `${signed}.${encodeBase64Url(await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(signed)))}`;
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
    expect(endpoint.requests).toEqual([]);
  });

  it('refuses a token whose header carries critical extensions it cannot honour', async () => {
    const endpoint = certsEndpoint(current);
    const token = await accessToken(current, claimsAt(NOW), { crit: ['exp'] });
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
    expect(endpoint.requests).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['one segment', 'eyJhbGciOiJSUzI1NiJ9'],
    ['two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0'],
    ['four segments', 'a.b.c.d'],
    ['garbage base64', '!!!.@@@.###'],
    ['impossible base64 length', 'abcde.abcde.abcde'],
    ['non-JSON segments', `${encodeBase64Url(encoder.encode('not json'))}.${encodeBase64Url(encoder.encode('{"sub":'))}.AAAA`],
    ['a JSON array header', `${segment(['RS256'])}.${segment({})}.AAAA`],
    ['over 8 KB', `${segment({ alg: 'RS256', kid: 'key-1' })}.${'A'.repeat(9000)}.AAAA`],
  ])('refuses a malformed token (%s) without throwing or fetching keys', async (_, token) => {
    const endpoint = certsEndpoint(current);
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
    expect(endpoint.requests).toEqual([]);
  });

  it('refuses a genuine signature over someone else\'s claims', async () => {
    const endpoint = certsEndpoint(current);
    const [header, , signature] = (await accessToken(current, claimsAt(NOW))).split('.');
    const token = `${header}.${segment(claimsAt(NOW, { sub: 'admin', email: 'root@acme.example' }))}.${signature}`;
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks })).toBeNull();
  });
});

describe('Access signing keys', () => {
  it('are fetched once and reused for ten minutes', async () => {
    const endpoint = certsEndpoint(current);
    const options = (now: number) => ({ teamDomain: TEAM, audience: AUDIENCE, now, fetchJwks: endpoint.fetchJwks });
    const token = await accessToken(current, claimsAt(NOW));
    expect(await verifyAccessJwt(token, options(NOW))).not.toBeNull();
    expect(await verifyAccessJwt(token, options(NOW + 9 * 60_000))).not.toBeNull();
    expect(endpoint.requests).toHaveLength(1);
    expect(await verifyAccessJwt(token, options(NOW + 10 * 60_000))).not.toBeNull();
    expect(endpoint.requests).toHaveLength(2);
  });

  it('are refetched once for an unknown kid after rotation, at most once a minute', async () => {
    const endpoint = certsEndpoint(current);
    const options = (now: number) => ({ teamDomain: TEAM, audience: AUDIENCE, now, fetchJwks: endpoint.fetchJwks });
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(NOW)), options(NOW))).not.toBeNull();

    endpoint.keys = [current, next];
    const rotated = await accessToken(next, claimsAt(NOW));
    // Within a minute of the last fetch an unknown kid does not reach the endpoint.
    expect(await verifyAccessJwt(rotated, options(NOW + 30_000))).toBeNull();
    expect(endpoint.requests).toHaveLength(1);

    expect(await verifyAccessJwt(rotated, options(NOW + 61_000))).toEqual({ sub: 'user-7', email: 'ada@acme.example' });
    expect(endpoint.requests).toHaveLength(2);

    const ghost = await accessToken({ ...next, kid: 'key-nobody-published' }, claimsAt(NOW));
    expect(await verifyAccessJwt(ghost, options(NOW + 62_000))).toBeNull();
    expect(await verifyAccessJwt(ghost, options(NOW + 63_000))).toBeNull();
    expect(endpoint.requests).toHaveLength(2);
  });

  it('are not cached when the endpoint fails, so a later request recovers', async () => {
    const endpoint = certsEndpoint(current);
    const options = { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: endpoint.fetchJwks };
    const token = await accessToken(current, claimsAt(NOW));
    endpoint.failing = true;
    expect(await verifyAccessJwt(token, options)).toBeNull();
    endpoint.failing = false;
    expect(await verifyAccessJwt(token, options)).toEqual({ sub: 'user-7', email: 'ada@acme.example' });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('keep serving the cached keys for a day when a refresh fails, and retry the endpoint at most once a minute', async () => {
    const endpoint = certsEndpoint(current);
    const options = (now: number) => ({ teamDomain: TEAM, audience: AUDIENCE, now, fetchJwks: endpoint.fetchJwks });
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(NOW)), options(NOW))).not.toBeNull();
    endpoint.failing = true;
    // Past the ten-minute TTL the refresh fails: staff are not locked out.
    const later = NOW + 11 * 60_000;
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(later)), options(later))).toEqual({ sub: 'user-7', email: 'ada@acme.example' });
    expect(endpoint.requests).toHaveLength(2);
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(later + 30_000)), options(later + 30_000))).not.toBeNull();
    expect(endpoint.requests).toHaveLength(2);
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(later + 61_000)), options(later + 61_000))).not.toBeNull();
    expect(endpoint.requests).toHaveLength(3);
    // A day after the last good fetch the cached keys are no longer trusted.
    const nextDay = NOW + 24 * 60 * 60_000;
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(nextDay)), options(nextDay))).toBeNull();
    // The endpoint back: the fresh keys are fetched and used.
    endpoint.failing = false;
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(nextDay + 61_000)), options(nextDay + 61_000))).not.toBeNull();
  });

  it('refuse every token when no keys were ever fetched and the endpoint fails', async () => {
    const token = await accessToken(current, claimsAt(NOW));
    const failing = async () => {
      throw new TypeError('network connection lost');
    };
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: failing })).toBeNull();
    expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW + 11 * 60_000, fetchJwks: failing })).toBeNull();
  });

  it('yield a refusal, not an exception, when the network or the JWKS is broken', async () => {
    const token = await accessToken(current, claimsAt(NOW));
    const broken = [
      async () => {
        throw new TypeError('network connection lost');
      },
      async () => new Response('<html>not json</html>'),
      async () => Response.json({ keys: 'none' }),
      async () => Response.json({ keys: [{ kty: 'RSA', kid: 'key-1', n: '!!', e: 'AQAB' }] }),
    ];
    for (const fetchJwks of broken) {
      expect(await verifyAccessJwt(token, { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks })).toBeNull();
    }
  });

  it('are kept apart per team', async () => {
    const acme = certsEndpoint(current);
    const other = certsEndpoint(impostor);
    const token = await accessToken(impostor, claimsAt(NOW, { iss: 'https://other.cloudflareaccess.com' }));
    expect(await verifyAccessJwt(await accessToken(current, claimsAt(NOW)), { teamDomain: TEAM, audience: AUDIENCE, now: NOW, fetchJwks: acme.fetchJwks })).not.toBeNull();
    expect(
      await verifyAccessJwt(token, { teamDomain: 'other.cloudflareaccess.com', audience: AUDIENCE, now: NOW, fetchJwks: other.fetchJwks }),
    ).not.toBeNull();
    expect(other.requests).toEqual(['https://other.cloudflareaccess.com/cdn-cgi/access/certs']);
  });
});
