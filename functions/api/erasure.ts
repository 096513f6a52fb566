/** DELETE /api/contacts/{externalId or e-mail}: erases a person (README, "Erasure and retention"). */
import { Hono } from 'hono';
import { erasureSchema, personParamSchema, type Erasure } from '@/schemas/erasure';
import { erasePerson, personContacts, personSelection } from '../db/erasure';
import { contactKeys, suppressionHashes } from '../erasure/suppression';
import { anonymousAnswers } from '../erasure/anonymous';
import type { AppEnv } from '../app';
import { requireAdmin } from '../auth/staff';
import { issuesOf, problem } from './problems';
import { ADMIN_ONLY, component, describeRoute, json, pathParam, problemReply } from './describe';

const describeErase = describeRoute({
  summary: 'Erase a person: their answers stay as anonymous scores, everything else about them is deleted',
  security: ADMIN_ONLY,
  parameters: [{ ...pathParam('person'), description: 'the CRM external id or the e-mail address' }],
  responses: {
    200: { description: 'What was erased, counts only', content: json(component('Erasure', erasureSchema, 'output')) },
    400: problemReply('Not an external id or e-mail address'),
    401: problemReply('No or wrong admin token'),
    404: problemReply('Nobody by that external id or e-mail address'),
    503: problemReply('SUPPRESSION_KEY is not set, or storage unavailable'),
  },
});

/** Mounted at /api/contacts. */
export const erasure = new Hono<AppEnv>().delete('/:person', describeErase, requireAdmin, async (c) => {
  const parsed = personParamSchema.safeParse(c.req.param('person'));
  if (!parsed.success) return problem(c, 400, 'Invalid contact', issuesOf(parsed.error, ['person']));
  const selection = personSelection(parsed.data);
  const contacts = await personContacts(c.env.DB, selection);
  if (contacts.length === 0) {
    return problem(c, 404, 'Unknown contact', [{ path: 'person', code: 'contact.unknown', message: 'no contact by that external id or e-mail address' }]);
  }
  let hashes: string[] = [];
  if (contacts.some((contact) => contact.unsubscribed)) {
    // A hash under an empty key would be a plain hash, which guessing reverses: refuse instead.
    if (!c.env.SUPPRESSION_KEY) return c.json({ error: 'SUPPRESSION_KEY is not set: an unsubscribed contact cannot be erased without it', issues: [] }, 503);
    hashes = await suppressionHashes(c.env.SUPPRESSION_KEY, [...new Set(contacts.flatMap(contactKeys))]);
  }
  const erased = await erasePerson(c.env.DB, selection, hashes, anonymousAnswers());
  // Counts only: the log never names the person.
  console.log('erasure', JSON.stringify({ erased }));
  return c.json({ erased } satisfies Erasure);
});
