import { encodeBase64Url } from '../../functions/auth/base64url';

/** Signing keys, tokens and a certs endpoint, as Cloudflare Access would have them. */
export const TEAM = 'acme.cloudflareaccess.com';
export const AUDIENCE = 'aud-tag-of-the-results-app';
export const NOW = Date.UTC(2026, 0, 15, 12);
export const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
export const encoder = new TextEncoder();

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JsonWebKey & { kid: string };
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey(
    { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return { kid, privateKey: pair.privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
}

export const segment = (value: unknown) => encodeBase64Url(encoder.encode(JSON.stringify(value)));

export function claimsAt(now: number, overrides: Record<string, unknown> = {}) {
  const seconds = Math.floor(now / 1000);
  return { aud: [AUDIENCE], iss: `https://${TEAM}`, sub: 'user-7', email: 'ada@acme.example', iat: seconds, nbf: seconds, exp: seconds + 3600, ...overrides };
}

export async function accessToken(key: SigningKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const signed = `${segment({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...header })}.${segment(claims)}`;
  return `${signed}.${encodeBase64Url(await crypto.subtle.sign(RS256, key.privateKey, encoder.encode(signed)))}`;
}

/** A stand-in for the team's certs endpoint that records each request and can rotate or fail. */
export function certsEndpoint(...published: SigningKey[]) {
  const endpoint = {
    keys: published,
    failing: false,
    requests: [] as string[],
    fetchJwks: async (url: string) => {
      endpoint.requests.push(url);
      if (endpoint.failing) return new Response('upstream down', { status: 503 });
      return Response.json({ keys: endpoint.keys.map((key) => key.jwk) });
    },
  };
  return endpoint;
}

