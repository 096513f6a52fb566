import { Hono } from 'hono';

// The floor for bench/ingest: a Worker that only inserts the posted score into D1, no
// validation, no rate limit, no idempotency, so the product's overhead can be measured.
// Bound to a rate limiter as LIMIT (bench/bare.mjs, { limit: true }), it asks it first, as the
// product does: what the local rate limiter alone costs an answer.
const app = new Hono<{ Bindings: { DB: D1Database; LIMIT?: RateLimit } }>();
app.post('/answer', async (c) => {
  if (c.env.LIMIT && !(await c.env.LIMIT.limit({ key: c.req.header('cf-connecting-ip') ?? 'local' })).success) return c.json({ ok: false }, 429);
  const { score } = await c.req.json<{ score: number }>();
  await c.env.DB.prepare('INSERT INTO answers (score, created_at) VALUES (?, ?)').bind(score, Date.now()).run();
  return c.json({ ok: true }, 201);
});

export default app;
