import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { surveySchema } from './schemas/survey';

// A bad survey file fails `astro build` with the file, the field and the reason.
const surveys = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/content/surveys' }),
  schema: surveySchema,
});

export const collections = { surveys };
