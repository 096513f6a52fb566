/** Unsubscribes that outlive erasure: each contact key as a keyed hash (HMAC-SHA256, hex) under the SUPPRESSION_KEY secret. */

// A plain hash of an e-mail address is reversed by hashing guesses (every address of a company's
// customer list); without the secret key a stored hash names no one.

/** The keys a person is known by for unsubscribing: the contact's own key, and its e-mail as a helpdesk would send it alone. */
export function contactKeys(contact: { contact_key: string; email: string | null }): string[] {
  const byEmail = contact.email ? `email:${contact.email}` : null;
  return byEmail && byEmail !== contact.contact_key ? [contact.contact_key, byEmail] : [contact.contact_key];
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The hash of each key, in order. */
export async function suppressionHashes(secret: string, keys: string[]): Promise<string[]> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Promise.all(keys.map(async (k) => hex(await crypto.subtle.sign('HMAC', key, encoder.encode(k)))));
}
