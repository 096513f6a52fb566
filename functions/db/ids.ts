/** Ids and references: unguessable tokens for ids and invitations, short public refs for staff. */
import { encodeBase64Url } from '../auth/base64url';

/** 128 random bits as 22 base64url characters: unguessable ids and invitation tokens. */
export function randomToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** A response's public reference for staff pages and exports: 64 random bits as 16 hex digits, not a capability. */
export function publicRef(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
