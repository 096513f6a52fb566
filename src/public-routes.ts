/**
 * The pages anyone may open, by Astro route pattern: the respondent's pages and the error pages.
 * Every other page is internal (src/middleware.ts), so a new page is closed until listed here.
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  '/s/[survey]',
  '/s/[survey]/thanks',
  '/[locale]/s/[survey]',
  '/[locale]/s/[survey]/thanks',
  '/i/[token]/[...score]',
  '/maturity',
  '/[locale]/maturity',
  '/404',
  '/500',
]);
