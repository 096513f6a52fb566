/** The follow-up item page's form (POST /results/follow-ups/<ref>): a plain form, no JavaScript; 303 back to the item, or a page naming what is wrong. */
import { Hono, type MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { followUpChangeSchema } from '@/schemas/follow-up';
import type { AppEnv } from '../app';
import { identify, requireStaff } from '../auth/staff';
import { actorOf, changeFollowUp } from '../follow-ups/change';
import { isBody, limitBody, MAX_ANSWER_BYTES, readBody } from '../api/body';
import { page } from '../api/html';
import { issuesOf, problem, type Issue } from '../api/problems';

const sameOrigin = csrf();

/**
 * The session cookie is SameSite=Strict already; the Origin (or Sec-Fetch-Site) must also be this
 * site's, so a form on another site cannot change a follow-up even where the cookie would go along.
 */
const refuseCrossSite: MiddlewareHandler<AppEnv> = async (c, next) => {
  try {
    await sameOrigin(c, async () => {});
  } catch {
    return problem(c, 403, 'Cross-site request refused', [{ path: 'Origin', code: 'invalid', message: 'a change must come from this site' }]);
  }
  return next();
};

/** The refusal as a page: each field and why, and the way back to the item. */
function refusalPage(ref: string, issues: Issue[]) {
  return page({
    lang: 'en',
    title: 'Not saved · NPS results',
    stylesheet: '/results.css',
    body: html`<main><div class="card">
<h1>Not saved</h1>
<ul class="issues">${issues.map((issue) => html`<li><strong>${issue.path || 'form'}</strong>: ${issue.message}</li>`)}</ul>
<p><a href="/results/follow-ups/${ref}">Back to the follow-up</a></p>
</div></main>`,
  });
}

/** Mounted at /results/follow-ups. */
export const followUpForms = new Hono<AppEnv>().post('/:ref', requireStaff, refuseCrossSite, limitBody(MAX_ANSWER_BYTES), async (c) => {
  const ref = c.req.param('ref');
  const body = await readBody(c);
  if (!isBody(body)) return body;
  const parsed = followUpChangeSchema.safeParse(body.fields, { reportInput: true });
  if (!parsed.success) return c.html(refusalPage(ref, issuesOf(parsed.error)), 400);
  const outcome = await changeFollowUp(c.env.DB, ref, parsed.data, actorOf((await identify(c.req.raw.headers, c.env))!));
  if (!outcome.ok) return c.html(refusalPage(ref, outcome.issues), outcome.status);
  return c.redirect(`/results/follow-ups/${outcome.item.ref}`, 303);
});
