import { parse } from 'yaml';
import { describeIssues, surveySchema, type Survey } from '../../src/schemas/survey';

/**
 * The surveys the Worker knows: the same YAML files and the same schema as the Astro
 * content collection, bundled at build time (Vite's import.meta.glob).
 */
const files = import.meta.glob<string>('../../src/content/surveys/*.yaml', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export function loadSurveys(sources: Record<string, string>): Map<string, Survey> {
  const surveys = new Map<string, Survey>();
  for (const [path, source] of Object.entries(sources)) {
    const fileId = path.split('/').pop()!.replace(/\.yaml$/, '');
    const result = surveySchema.safeParse(parse(source));
    if (!result.success) {
      throw new Error(`${path}: ${describeIssues(result.error).join('; ')}`);
    }
    if (result.data.id !== fileId) {
      throw new Error(`${path}: id "${result.data.id}" must match the file name "${fileId}"`);
    }
    surveys.set(result.data.id, result.data);
  }
  return surveys;
}

let catalogue: Map<string, Survey> | undefined;

export function getSurvey(id: string): Survey | undefined {
  catalogue ??= loadSurveys(files);
  return catalogue.get(id);
}

export function listSurveys(): Survey[] {
  catalogue ??= loadSurveys(files);
  return [...catalogue.values()];
}
