/** Reading a request body: JSON or a form, within a size limit, into fields or a 4xx that names the problem. */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from './problems';

/** 16 KB is many times the longest honest answer (2,000-character reason and follow-up). */
export const MAX_ANSWER_BYTES = 16 * 1024;
/** 1,000 recipients of about 1 KB each; D1 binds the whole batch as one parameter (2 MB limit). */
export const MAX_INVITATION_BYTES = 1024 * 1024;
/** 1,000 touches with a note of a few hundred characters each. */
export const MAX_TOUCH_BYTES = 1024 * 1024;

/** 413 past `maxSize`, counted on the stream (a lying Content-Length does not help). */
export function limitBody(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: (c) => problem(c, 413, 'Body too large', [{ path: '', code: 'body.too_large', message: `must be at most ${maxSize} bytes` }]),
  });
}

/** A request body as fields, whatever its encoding. */
export interface Body {
  format: 'json' | 'form';
  fields: unknown;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Reads JSON or a form into one shape; anything else is 415, malformed JSON is 400.
 * Form fields `answers.<id>` and `segments.<dimension>` become nested objects, so the
 * no-JS form and the JSON API are validated by the same schema.
 */
export async function readBody(c: Context): Promise<Body | Response> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const text = await c.req.text();
    try {
      return { format: 'json', fields: JSON.parse(text) };
    } catch {
      return problem(c, 400, 'Malformed JSON', [{ path: '', code: 'body.malformed', message: 'the body is not valid JSON' }]);
    }
  }
  if (FORM_TYPES.includes(type)) {
    const form = await c.req.parseBody({ all: true }).catch(() => undefined);
    if (!form) return problem(c, 400, 'Malformed form', [{ path: '', code: 'body.malformed', message: 'the body is not a valid form' }]);
    return { format: 'form', fields: nestFormFields(Object.entries(form)) };
  }
  return problem(c, 415, 'Unsupported content type', [
    { path: 'Content-Type', code: 'body.unsupported_type', message: 'must be application/json or application/x-www-form-urlencoded' },
  ]);
}

/** Splits "answers.x" / "segments.y" keys into nested objects (own properties only, no prototype tricks). */
export function nestFormFields(entries: [string, unknown][]) {
  const top: [string, unknown][] = [];
  const nested: Record<'answers' | 'segments', [string, unknown][]> = { answers: [], segments: [] };
  for (const [key, value] of entries) {
    const dot = key.indexOf('.');
    const group = dot > 0 ? key.slice(0, dot) : '';
    if (group === 'answers' || group === 'segments') nested[group].push([key.slice(dot + 1), value]);
    else top.push([key, value]);
  }
  return {
    ...Object.fromEntries(top),
    ...(nested.answers.length ? { answers: Object.fromEntries(nested.answers) } : {}),
    ...(nested.segments.length ? { segments: Object.fromEntries(nested.segments) } : {}),
  };
}

/** Segment values given in a survey link (?department=Support), limited to the survey's dimensions. */
export function segmentsFromQuery(url: string, dimensions: readonly string[]) {
  const params = new URL(url).searchParams;
  return Object.fromEntries(dimensions.flatMap((d) => (params.has(d) ? [[d, params.get(d)!]] : [])));
}

export function isBody(value: Body | Response): value is Body {
  return !(value instanceof Response);
}
