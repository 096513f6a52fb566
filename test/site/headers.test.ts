import { describe, expect, inject, it } from 'vitest';
import { cspHeader } from '@functions/http/csp';

// The static files come from the assets router, not the Worker: the build writes the same
// Content-Security-Policy into their _headers (astro.config.mjs), from functions/http/csp.ts.
const baseUrl = inject('baseUrl');

describe('one Content-Security-Policy for every reply', () => {
  it.each(['/s/demo/', '/sv/s/demo/', '/survey.css', '/survey.js', '/results.css'])('%s, a static file, carries it', async (path) => {
    const res = await fetch(`${baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(cspHeader());
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/login', '/results/'])('%s, written by the Worker, carries the same', async (path) => {
    const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
    expect(res.headers.get('content-security-policy')).toBe(cspHeader());
  });
});
