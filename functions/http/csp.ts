/** The Content-Security-Policy, once: for what the Worker writes (app.ts) and, by test, public/_headers' line for static assets. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The policy as a header value: `default-src 'none'; script-src 'self'; …`. */
export function cspHeader(policy: Record<string, string[]> = CONTENT_SECURITY_POLICY) {
  return Object.entries(policy)
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join('; ');
}
