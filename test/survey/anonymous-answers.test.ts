import { describe, expect, it } from 'vitest';
import { surveySchema } from '@/schemas/survey';
import { anonymousAnswerIds } from '@/survey/anonymous-answers';

describe('the answers erasure keeps', () => {
  it('keeps scales and choices, never a text answer', () => {
    const survey = surveySchema.parse({
      id: 'pulse',
      kind: 'transactional',
      company: 'Acme',
      industry: 'banking',
      questions: {
        extra: [
          { id: 'effort', type: 'ces', text: { en: 'Easy?' } },
          { id: 'product', type: 'text', text: { en: 'Which product?' } },
          { id: 'value', type: 'choice', text: { en: 'Most?' }, options: [{ id: 'price', label: { en: 'Price' } }, { id: 'quality', label: { en: 'Quality' } }] },
        ],
      },
    });
    expect(anonymousAnswerIds([survey])).toEqual({ pulse: ['effort', 'value'] });
  });
});
