/** The 4xx reply: { error, issues: [{ path, code, message }] }. */
import { z } from 'zod';

/**
 * The 4xx reply: { error, issues: [{ path, code, message }] }. The message is English for
 * people reading logs; the code is stable, for programs (the survey pages translate it).
 */
export const ISSUE_CODES = [
  'score.required', // no score
  'score.invalid', // not an integer from 0 to 10
  'text.too_long', // a reason, follow-up, text answer or segment value over its limit
  'text.invalid', // free text that is not text
  'answer.required', // a required question of the survey left unanswered
  'answer.invalid', // an answer the question does not take (an unknown option, off the scale)
  'field.unknown', // a field, answer or segment dimension the survey does not have
  'locale.invalid', // a locale the survey is not offered in
  'invitation.invalid', // an invitation token that is malformed or belongs to another survey
  'survey.unknown',
  'survey.closed',
  'survey.kind', // a wave for a survey that declares none, or a transactional one (409)
  'wave.sending', // a wave started while the survey's last one is still sending (409)
  'response.unknown',
  'contact.unknown', // no contact by that external id or e-mail (404)
  'response.too_late', // an amendment more than 24 hours after the answer (410)
  'answer.kept', // an amendment to a field that already holds another answer (409)
  'follow_up.unknown', // no answer to follow up with this ref (404)
  'follow_up.move', // a follow-up status change that makes no sense, or an item changed meanwhile (409)
  'text.control', // a control character where text may not hold one
  'contact.unknown', // a touch for a contact never invited (reported per row; the others are kept)
  'date.future', // a date-time ahead of the server's clock
  'url.invalid', // a request path that is not canonical and cannot be made so (400)
  'auth.required', // missing or wrong credentials (401)
  'body.malformed', // not valid JSON or a valid form
  'body.too_large',
  'body.unsupported_type',
  'invalid', // anything else; a client should treat an unknown code like this one
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export const issueSchema = z.object({
  path: z.string().describe('the field, dotted: "answers.effort"; "" for the whole body'),
  code: z.enum(ISSUE_CODES).describe('stable; new codes may be added, treat unknown ones as "invalid"'),
  message: z.string().describe('English, for people'),
});
export type Issue = z.infer<typeof issueSchema>;

export const problemSchema = z.object({ error: z.string(), issues: z.array(issueSchema) });
