/** The survey pages to prerender: every survey in every locale it offers. */
import { getCollection } from 'astro:content';

/** Every (survey, locale) page to prerender; the default locale has no prefix. */
export async function surveyPages(prefixed: boolean) {
  const surveys = await getCollection('surveys');
  return surveys.flatMap(({ data: survey }) =>
    survey.locales
      .filter((locale) => (locale === survey.locale) !== prefixed)
      .map((locale) => ({ params: { survey: survey.id, ...(prefixed ? { locale } : {}) }, props: { survey, locale } })),
  );
}
