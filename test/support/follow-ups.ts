/** Answers that need a follow-up, made through the API as a respondent would, and the follow-up API as the CRM calls it. */
import { env } from 'cloudflare:workers';
import { admin, postJson, request, uniqueName } from './api';

export interface Answered {
  id: string;
  ref: string;
}

/** An answer to demo in its own department (so lists can be filtered to this test's answers). */
export async function answer(body: Record<string, unknown>, department = uniqueName('dept')): Promise<Answered & { department: string }> {
  const res = await postJson('/api/surveys/demo/responses', { segments: { department }, ...body });
  if (res.status !== 201) throw new Error(`answer: ${res.status} ${await res.text()}`);
  const { id } = await res.json<{ id: string }>();
  const row = await env.DB.prepare('SELECT ref FROM responses WHERE id = ?').bind(id).first<{ ref: string }>();
  return { id, ref: row!.ref, department };
}

/** An answer through an invitation to a named contact: the item shows the contact. */
export async function answerInvited(score: number, contact: { name: string; email: string }) {
  const department = uniqueName('dept');
  const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ ...contact, segments: { department } }] }, admin);
  const { results } = await invited.json<{ results: { id: string }[] }>();
  return answer({ score, invitation: results[0]!.id }, department);
}

/** Moves an answer's time, as if it had been given then. */
export async function answeredAt(id: string, at: Date) {
  await env.DB.prepare('UPDATE responses SET created_at = ? WHERE id = ?').bind(at.getTime(), id).run();
}

export function patch(ref: string, body: unknown, headers: Record<string, string> = admin) {
  return request(`/api/follow-ups/${ref}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
}

export async function list(query: string) {
  const res = await request(`/api/follow-ups?${query}`, { headers: admin });
  if (res.status !== 200) throw new Error(`list: ${res.status} ${await res.text()}`);
  return res.json<{ items: { ref: string; status: string; owner: string | null; due: string; score: number }[]; next: string | null }>();
}
