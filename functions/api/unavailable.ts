/** The one reply to a failure that is not the caller's: 503 with Retry-After. */
import type { Context } from 'hono';

/**
 * Anything that is not the caller's fault is a 503 with Retry-After: the client (or the
 * respondent's page) keeps the answer and tries again. Nothing is half-written: every
 * write is a single statement or a batch.
 */
export function unavailable(c: Context, error: unknown) {
  console.error('request failed', c.req.method, new URL(c.req.url).pathname, error);
  c.header('Retry-After', '5');
  return c.json({ error: 'Temporarily unavailable, please retry', issues: [] }, 503);
}
