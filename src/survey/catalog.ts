/** The one survey catalogue: every `src/content/surveys/*.yaml`, parsed and checked once, for the content collection and the Worker. */
import { parse } from 'yaml';
import { describeIssues, surveySchema, type Survey } from '@/schemas/survey';

/** The files, bundled at build time (Vite's import.meta.glob), by path. */
const files = import.meta.glob<string>('../content/surveys/*.yaml', {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** One file: the schema, then the id against the file name. Throws naming the file, the field and the reason. */
export function parseSurveyFile(path: string, source: string): Survey {
  const fileId = path.split('/').pop()!.replace(/\.yaml$/, '');
  const result = surveySchema.safeParse(parse(source));
  if (!result.success) {
    throw new Error(`${path}: ${describeIssues(result.error).join('; ')}`);
  }
  if (result.data.id !== fileId) {
    throw new Error(`${path}: id "${result.data.id}" must match the file name "${fileId}"`);
  }
  return result.data;
}

export function loadSurveys(sources: Record<string, string>): Map<string, Survey> {
  const surveys = new Map<string, Survey>();
  for (const [path, source] of Object.entries(sources)) {
    const survey = parseSurveyFile(path, source);
    surveys.set(survey.id, survey);
  }
  return surveys;
}

let catalogue: Map<string, Survey> | undefined;
// Named from the project root in errors: src/content/surveys/<id>.yaml.
const fromRoot = () => Object.fromEntries(Object.entries(files).map(([path, source]) => [path.replace(/^\.\.\//, 'src/'), source]));

export function getSurvey(id: string): Survey | undefined {
  catalogue ??= loadSurveys(fromRoot());
  return catalogue.get(id);
}

export function listSurveys(): Survey[] {
  catalogue ??= loadSurveys(fromRoot());
  return [...catalogue.values()];
}
