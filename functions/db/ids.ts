import { encodeBase64Url } from '../auth/base64url';

/** 128 random bits as 22 base64url characters: unguessable ids and invitation tokens. */
export function randomToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}
