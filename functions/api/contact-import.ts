/** POST /api/contacts: the CRM's contacts as JSON or CSV; bad rows are reported by number and field, good rows kept. */
import { Hono, type Context } from 'hono';
import { csvParse } from 'd3-dsv';
import { contactImportResultSchema, contactImportSchema, contactSchema, type Contact } from '@/schemas/contact';
import { importContacts } from '../db/contact-import';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { isBody, limitBody, nestFormFields, readBody } from './body';
import { issuesOf, problem, type Issue } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, problemReply } from './describe';

/** 10,000 contacts of a few hundred bytes each, as JSON or CSV. */
export const MAX_CONTACT_BYTES = 8 * 1024 * 1024;
const CSV_COLUMNS = ['externalId', 'email', 'name', 'locale'];

const describeImport = describeRoute({
  summary: 'Import up to 10,000 contacts (JSON, or text/csv with a header row); upserts on externalId, else e-mail',
  security: ADMIN_ONLY,
  requestBody: {
    required: true,
    content: {
      ...json(component('ContactImport', contactImportSchema)),
      'text/csv': { schema: { type: 'string', description: 'columns externalId, email, name, locale and segments.<dimension>' } },
    },
  },
  responses: {
    200: { description: 'Imported; rejected rows listed', content: json(component('ContactImportResult', contactImportResultSchema, 'output')) },
    400: problemReply('Invalid envelope, unknown CSV column, or no valid row'),
    401: problemReply('No or wrong admin token'),
  },
});

/** A CSV file as the JSON body's `contacts`: empty cells are left out, `segments.<dimension>` nested. */
function csvContacts(c: Context, text: string): unknown[] | Response {
  const rows = csvParse(text);
  const unknown = rows.columns.filter((column) => !CSV_COLUMNS.includes(column) && !column.startsWith('segments.'));
  if (unknown.length > 0) {
    return problem(c, 400, 'Unknown CSV column', unknown.map((column) => ({ path: column, code: 'field.unknown', message: `is not a column this import takes (${CSV_COLUMNS.join(', ')}, segments.<dimension>)` })));
  }
  return rows.map((row) => nestFormFields(Object.entries(row).filter(([, value]) => value !== undefined && value !== '')));
}

/** Mounted at /api/contacts. */
export const contactImport = new Hono<AppEnv>().post('/', describeImport, requireAdmin, limitBody(MAX_CONTACT_BYTES), async (c) => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  let candidates: unknown;
  if (type === 'text/csv') {
    const rows = csvContacts(c, await c.req.text());
    if (rows instanceof Response) return rows;
    candidates = { contacts: rows };
  } else {
    const body = await readBody(c);
    if (!isBody(body)) return body;
    candidates = body.fields;
  }
  const envelope = contactImportSchema.safeParse(candidates);
  if (!envelope.success) return problem(c, 400, 'Invalid contact import', issuesOf(envelope.error));

  const valid: Contact[] = [];
  const issues: Issue[] = [];
  envelope.data.contacts.forEach((candidate, i) => {
    const parsed = contactSchema.safeParse(candidate);
    if (parsed.success) valid.push(parsed.data);
    else issues.push(...issuesOf(parsed.error, ['contacts', i]));
  });
  // contacts.<i>.<field> → row i + 1 (the first line after a CSV header is row 1) and the field.
  const rejected = issues.map(({ path, code, message }) => {
    const [, index, ...field] = path.split('.');
    return { row: Number(index) + 1, field: field.join('.'), code, message };
  });
  if (valid.length === 0) return c.json({ error: 'No valid contact to import', issues, rejected }, 400);
  const imported = await importContacts(c.env.DB, valid);
  return c.json({ imported, rejected });
});
