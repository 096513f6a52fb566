/** Issue codes to the respondent's words. */
import type { IssueCode } from '@/schemas/problem';
import type { MessageKey } from './messages';

/**
 * What a respondent reads for each issue code of a refused answer. A code not listed here (a
 * new rule, or one no respondent can cause) reads as errorAnswer beside a question and
 * errorGeneric elsewhere.
 */
export const ISSUE_MESSAGES: Partial<Record<IssueCode, MessageKey>> = {
  'score.required': 'chooseScore',
  'score.invalid': 'chooseScore',
  'answer.required': 'errorRequired',
  'answer.invalid': 'errorAnswer',
  'text.too_long': 'errorTooLong',
  'text.invalid': 'errorAnswer',
  'invitation.invalid': 'errorInvitation',
};

export function issueMessageKey(code: string, beside: 'question' | 'form'): MessageKey {
  return ISSUE_MESSAGES[code as IssueCode] ?? (beside === 'question' ? 'errorAnswer' : 'errorGeneric');
}
