/** Cloudflare Access in front of the internal site: its signed JWT verified with jose, the team's keys cached with stale-if-error. */
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';

export interface AccessOptions {
  /** `acme.cloudflareaccess.com`, with or without `https://` and a trailing slash. */
  teamDomain: string;
  /** The Access application's AUD tag. */
  audience: string;
  /** Milliseconds; also the clock of the key cache. Defaults to Date.now(). */
  now?: number;
  fetchJwks?: (url: string) => Promise<Response>;
}

export interface AccessIdentity {
  sub: string;
  email?: string;
}

// Cloudflare's own tokens are ~1 KB; anything past this is refused before parsing.
const MAX_TOKEN_LENGTH = 8192;
const CLOCK_LEEWAY_S = 60;
const KEY_CACHE_TTL_MS = 10 * 60_000;
// Unknown kids come from whoever sends a token, and a failing endpoint would be asked on every
// request: with keys in hand, the endpoint is asked at most once a minute.
const REFETCH_INTERVAL_MS = 60_000;
// How long keys fetched earlier are still used while the endpoint fails.
const KEY_STALE_LIMIT_MS = 24 * 60 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;

const jwksSchema = z.object({ keys: z.array(z.unknown()) });
// Keys of other types or uses may sit in the same set; they are skipped, not a failure.
const signingKeySchema = z.object({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  n: z.string().min(1),
  e: z.string().min(1),
  alg: z.literal('RS256').optional(),
  use: z.literal('sig').optional(),
});

interface KeySet {
  keys: Map<string, CryptoKey>;
  fetchedAt: number;
  /** Last fetch attempt (expiry or an unknown kid), successful or not. */
  checkedAt: number;
}

const keySets = new Map<string, KeySet>();

export function clearAccessKeyCache(): void {
  keySets.clear();
}

/** The identity in a `Cf-Access-Jwt-Assertion` header, or null for anything not provably valid. Never throws. */
export async function verifyAccessJwt(token: string, options: AccessOptions): Promise<AccessIdentity | null> {
  try {
    return await verify(token, options);
  } catch {
    // A malformed token, a bad signature or a failed claim check is a refusal, not a 500.
    return null;
  }
}

async function verify(token: string, options: AccessOptions): Promise<AccessIdentity | null> {
  const domain = normaliseTeamDomain(options.teamDomain);
  if (!domain || typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  // Both parts must decode before any key is fetched: a malformed token costs no request.
  // Critical extensions: this check honours none, so any is a refusal.
  const { alg, kid, crit } = decodeProtectedHeader(token);
  decodeJwt(token);
  if (alg !== 'RS256' || typeof kid !== 'string' || kid === '' || crit !== undefined) return null;

  const now = options.now ?? Date.now();
  const key = await keyFor(domain, kid, now, options.fetchJwks ?? fetchWithTimeout);
  if (!key) return null;
  // jose refuses other algorithms (none, HS256 keyed with the public key), a wrong signature,
  // issuer or audience, and exp/nbf outside the leeway.
  const { payload } = await jwtVerify(token, key, {
    algorithms: ['RS256'],
    issuer: `https://${domain}`,
    audience: options.audience,
    currentDate: new Date(now),
    clockTolerance: CLOCK_LEEWAY_S,
    requiredClaims: ['sub', 'exp'],
  });
  // jose checks iat only against a maximum age; a token issued in the future is refused here.
  if (payload.iat !== undefined && payload.iat - CLOCK_LEEWAY_S > now / 1000) return null;
  if (typeof payload.sub !== 'string' || payload.sub === '') return null;
  return typeof payload.email === 'string' ? { sub: payload.sub, email: payload.email } : { sub: payload.sub };
}

/** `acme.cloudflareaccess.com` from any of the spellings people paste; null if it is not a host name. */
function normaliseTeamDomain(teamDomain: string): string | null {
  const host = teamDomain.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/+$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}

async function keyFor(domain: string, kid: string, now: number, fetchJwks: (url: string) => Promise<Response>): Promise<CryptoKey | null> {
  const cached = keySets.get(domain);
  const due = !cached || now - cached.fetchedAt >= KEY_CACHE_TTL_MS || !cached.keys.has(kid);
  if (due && (!cached || now - cached.checkedAt >= REFETCH_INTERVAL_MS)) {
    if (cached) cached.checkedAt = now;
    const fresh = await refresh(domain, now, fetchJwks);
    if (fresh) return fresh.keys.get(kid) ?? null;
  }
  // Stale-if-error: an endpoint outage must not lock every staff member out while the keys
  // fetched earlier are still plausibly the team's (Access keeps a key for weeks).
  if (!cached || now - cached.fetchedAt >= KEY_STALE_LIMIT_MS) return null;
  return cached.keys.get(kid) ?? null;
}

/** Fetches and caches the team's keys; a failure yields undefined and leaves the cache as it was. */
async function refresh(domain: string, now: number, fetchJwks: (url: string) => Promise<Response>): Promise<KeySet | undefined> {
  const keys = await fetchKeys(`https://${domain}/cdn-cgi/access/certs`, fetchJwks).catch(() => null);
  if (!keys || keys.size === 0) return undefined;
  const keySet = { keys, fetchedAt: now, checkedAt: now };
  keySets.set(domain, keySet);
  return keySet;
}

async function fetchKeys(url: string, fetchJwks: (url: string) => Promise<Response>): Promise<Map<string, CryptoKey> | null> {
  const response = await fetchJwks(url);
  if (!response.ok) return null;
  const jwks = jwksSchema.safeParse(await response.json());
  if (!jwks.success) return null;
  const keys = new Map<string, CryptoKey>();
  for (const candidate of jwks.data.keys) {
    const jwk = signingKeySchema.safeParse(candidate);
    if (!jwk.success) continue;
    const { kty, kid, n, e } = jwk.data;
    // Only the public parameters are imported, so stray fields (key_ops, x5c) cannot fail the import.
    const key = await importJWK({ kty, n, e } satisfies JWK, 'RS256').catch(() => null);
    if (key instanceof CryptoKey) keys.set(kid, key);
  }
  return keys;
}

// A hung JWKS endpoint must not hold every request that needs it until the Worker's own limit.
function fetchWithTimeout(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
}
