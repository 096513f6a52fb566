import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app';
import { problem } from './problems';

/**
 * Compares digests of equal length in constant time, so the token cannot be guessed a byte at
 * a time from response timings.
 */
async function sameSecret(given: string, expected: string) {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= x[i]! ^ y[i]!;
  return difference === 0;
}

/** Admin API: `Authorization: Bearer <ADMIN_TOKEN>`. With no ADMIN_TOKEN set, nobody gets in. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const expected = c.env.ADMIN_TOKEN;
  if (!match || !expected || !(await sameSecret(match[1]!, expected))) {
    c.header('WWW-Authenticate', 'Bearer realm="nps-admin"');
    return problem(c, 401, 'Missing or wrong admin token', [{ path: 'Authorization', message: 'must be "Bearer <ADMIN_TOKEN>"' }]);
  }
  await next();
};
