/** Ids and references: unguessable tokens for ids and invitations, short public refs for staff. */
import { encodeBase64Url } from '../auth/base64url';

/** 128 random bits as 22 base64url characters: unguessable ids and invitation tokens. */
export function randomToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * The head of a response's public reference for staff pages and exports, not a capability: 32 random
 * bits as 8 hex digits. The answer's insert appends its rowid as 8 more (refTail), so a ref
 * names its row and needs no index entry of its own (migrations/0031).
 */
export function refHead(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The tail of a ref made since migration 0031, in SQL: the row's rowid as 8 hex digits (up to 4,294,967,295 answers). */
export const refTail = (rowid: string) => `printf('%08x', ${rowid})`;

/** The rowid a ref names when it ends in its rowid (every ref made since migration 0031). */
export const rowidOfRef = (ref: string) => Number.parseInt(ref.slice(8), 16);
