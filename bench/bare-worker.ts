import { Hono } from 'hono';

// The floor for bench/ingest: a Worker that only inserts the posted score into D1, no
// validation, no rate limit, no idempotency, so the product's overhead can be measured.
const app = new Hono<{ Bindings: { DB: D1Database } }>();
app.post('/answer', async (c) => {
  const { score } = await c.req.json<{ score: number }>();
  await c.env.DB.prepare('INSERT INTO answers (score, created_at) VALUES (?, ?)').bind(score, Date.now()).run();
  return c.json({ ok: true }, 201);
});

export default app;
