/** Which answers of each survey say nothing about who gave them: its scales and choices, kept when erasure clears a response's text. */
import type { Survey } from '@/schemas/survey';

/** survey id → the ids of its ces, csat and choice questions. Text answers, and every answer of a survey not listed, are cleared. */
export function anonymousAnswerIds(surveys: readonly Survey[]): Record<string, string[]> {
  return Object.fromEntries(surveys.map((survey) => [survey.id, survey.questions.extra.filter((q) => q.type !== 'text').map((q) => q.id)]));
}
