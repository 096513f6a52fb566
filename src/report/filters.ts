/** The filters of the comments page and the exports, read from one query string. */
import { CATEGORIES, type Category } from '@/nps/category';
import type { Survey } from '@/schemas/survey';
import { parsePeriod, periodFields, periodMs, type Period } from '@/report/days';
import { pathFromQuery, segmentFields } from '@/report/query';
import type { SegmentPath } from '@/report/segments';
import { searchText } from '@/report/search';
import { THEME_IDS } from '@/report/themes';

/** Which responses a list or an export holds (functions/db/response-queries.ts turns it into SQL). */
export interface ResponseFilter {
  /** [from, to) in milliseconds. */
  from: number;
  to: number;
  category?: Category;
  /** dimension → value; dimension names come from the survey file, values are bound. */
  segments: Record<string, string>;
  /** Words the reason or follow-up must contain (src/report/search.ts). */
  q?: string;
  /** Only comments in this theme (as of the last rollup). */
  theme?: string;
  /** Only answers with a reason or follow-up. */
  withComment?: boolean;
}

/** The filters, as read from the query string. */
export interface ResponseQuery {
  period: Period;
  path: SegmentPath;
  segments: Record<string, string>;
  category: Category | undefined;
  q: string | undefined;
  theme: string | undefined;
  filter: ResponseFilter;
}

/** A refused filter: the query field at fault and why. */
export interface FilterError {
  field: string;
  error: string;
}

export function responseQuery(survey: Survey, params: URLSearchParams, today: string): ResponseQuery | FilterError {
  const period = parsePeriod(params, today);
  if ('error' in period) return { field: 'period', error: period.error };
  const rawCategory = params.get('category');
  if (rawCategory && !(CATEGORIES as readonly string[]).includes(rawCategory)) return { field: 'category', error: `category must be one of ${CATEGORIES.join(', ')}` };
  const category = (rawCategory || undefined) as Category | undefined;
  const search = searchText(params.get('q'));
  if ('error' in search) return { field: 'q', error: search.error };
  const { q } = search;
  const theme = params.get('theme') || undefined;
  if (theme && !THEME_IDS.includes(theme)) return { field: 'theme', error: `theme must be one of ${THEME_IDS.join(', ')}` };
  const path = pathFromQuery(survey, params);
  const segments = segmentFields(survey, path);
  return { period, path, segments, category, q, theme, filter: { ...periodMs(period), category, segments, q, theme } };
}

/** The query fields that reproduce the filters (period, segments, category, theme, q), for links and forms. */
export function filterFields(query: Omit<ResponseQuery, 'filter' | 'path'>): Record<string, string> {
  return {
    ...periodFields(query.period),
    ...query.segments,
    ...(query.category ? { category: query.category } : {}),
    ...(query.theme ? { theme: query.theme } : {}),
    ...(query.q ? { q: query.q } : {}),
  };
}
