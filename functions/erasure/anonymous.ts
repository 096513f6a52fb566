/** The anonymous answers of every survey in the catalogue, as the erasure statements bind them (one JSON parameter). */
import { anonymousAnswerIds } from '@/survey/anonymous-answers';
import { listSurveys } from '../surveys/catalog';

let bound: string | undefined;

export function anonymousAnswers(): string {
  bound ??= JSON.stringify(anonymousAnswerIds(listSurveys()));
  return bound;
}
