/** The login cookie: a signed, expiring session derived from the admin token. */
import { z } from 'zod';
import type { CookieOptions } from 'hono/utils/cookie';
import { decodeBase64UrlJson, decodeBase64Url, encodeBase64Url } from './base64url';

export const SESSION_COOKIE = 'nps_session';
export const SESSION_TTL_MS = 8 * 3600 * 1000;

const sessionSchema = z.object({ sub: z.string().min(1), exp: z.number() });
export type Session = z.infer<typeof sessionSchema>;

// Well above a real cookie (~150 bytes); a bound so garbage is refused before any crypto.
const MAX_VALUE_LENGTH = 4096;
const encoder = new TextEncoder();

/** Strict same-site and script-proof; lives as long as the session it carries. */
export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: SESSION_TTL_MS / 1000 };
}

/**
 * The cookie secret, derived from the admin token so that no second secret has to be configured
 * and rotating ADMIN_TOKEN logs everyone out.
 */
export async function deriveSessionSecret(adminToken: string): Promise<string> {
  return encodeBase64Url(await crypto.subtle.sign('HMAC', await hmacKey(adminToken, 'sign'), encoder.encode('nps-session-v1')));
}

/** `<base64url(JSON payload)>.<base64url(HMAC-SHA256 of the payload part)>` */
export async function signSession(secret: string, session: Session): Promise<string> {
  const payload = encodeBase64Url(encoder.encode(JSON.stringify({ sub: session.sub, exp: session.exp })));
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), encoder.encode(payload));
  return `${payload}.${encodeBase64Url(signature)}`;
}

/** The session's subject, or null for a missing, malformed, forged or expired value. Never throws. */
export async function verifySession(secret: string, value: string | undefined, now = Date.now()): Promise<{ sub: string } | null> {
  if (!secret || !value || value.length > MAX_VALUE_LENGTH) return null;
  const [payload, signature, ...rest] = value.split('.');
  const signatureBytes = decodeBase64Url(signature ?? '');
  if (payload === undefined || !signatureBytes || rest.length > 0) return null;
  // crypto.subtle.verify compares in constant time, unlike recomputing and comparing strings.
  const genuine = await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), signatureBytes, encoder.encode(payload));
  if (!genuine) return null;
  const session = sessionSchema.safeParse(decodeBase64UrlJson(payload));
  if (!session.success || session.data.exp <= now) return null;
  return { sub: session.data.sub };
}

function hmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  // An empty HMAC key is a configuration error, not a weak secret to accept.
  if (!secret) throw new RangeError('an HMAC secret must not be empty');
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}
