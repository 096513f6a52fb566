import { env } from 'cloudflare:workers';
import { createApi } from '../../functions/app';

/** Calls the edge functions as a client would, inside workerd with the real D1. */
const app = createApi();

let address = 0;
/** Each call comes from its own address unless a test says otherwise, so rate limits stay out of the way. */
function nextAddress() {
  address += 1;
  return `198.51.${(address >> 8) & 255}.${address & 255}`;
}

export function request(path: string, init: RequestInit = {}, bindings: Partial<Env> = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('cf-connecting-ip')) headers.set('cf-connecting-ip', nextAddress());
  return app.request(`https://nps.example${path}`, { ...init, headers }, { ...env, ...bindings });
}

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}, bindings: Partial<Env> = {}) {
  return request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } }, bindings);
}

export function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}, bindings: Partial<Env> = {}) {
  return request(
    path,
    { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
    bindings,
  );
}

export const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}` };

export async function storedResponse(id: string) {
  return env.DB.prepare('SELECT * FROM responses WHERE id = ?').bind(id).first<Record<string, unknown>>();
}

export async function countRows(table: 'responses' | 'invitations' | 'contacts') {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
  return row!.n;
}

/** A segment value no other test uses, to count only this test's answers. */
export function uniqueName(prefix: string) {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}
