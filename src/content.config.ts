/** The `surveys` content collection: the survey catalogue (src/survey/catalog.ts), so the pages and the Worker read the same surveys, checked once. */
import { defineCollection } from 'astro:content';
import { surveySchema } from '@/schemas/survey';
import { listSurveys } from '@/survey/catalog';

// A bad survey file fails `astro build` with the file, the field and the reason (thrown by the catalogue).
const surveys = defineCollection({
  loader: {
    name: 'survey-catalog',
    load: async ({ store }) => {
      store.clear();
      for (const survey of listSurveys()) store.set({ id: survey.id, data: survey });
    },
  },
  schema: surveySchema,
});

export const collections = { surveys };
