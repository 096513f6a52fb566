/** The one page chrome (doctype, head, body) of every page that is not the internal site's layout. */
import { escapeXml } from '@/charts/svg';

export interface DocumentOptions {
  lang: string;
  title: string;
  /** One stylesheet: /survey.css for respondents, /results.css for the sign-in form. */
  stylesheet: string;
  /** One deferred script, if any. */
  script?: string;
}

/**
 * Everything before the page's own content: no fonts, no framework, never indexed. The static
 * survey pages (layouts/Respondent.astro) and the pages the Worker writes (functions/api/html.ts)
 * both open with it and close with DOCUMENT_END.
 */
export function documentStart({ lang, title, stylesheet, script }: DocumentOptions): string {
  return `<!doctype html>
<html lang="${escapeXml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<title>${escapeXml(title)}</title>
<link rel="stylesheet" href="${escapeXml(stylesheet)}">${script ? `\n<script src="${escapeXml(script)}" defer></script>` : ''}
</head>
<body>`;
}

export const DOCUMENT_END = '</body>\n</html>';
