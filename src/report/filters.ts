import { CATEGORIES, type Category } from '../nps/category';
import type { Survey } from '../schemas/survey';
import type { ResponseFilter } from '../../functions/db/response-queries';
import { parsePeriod, periodMs, type Period } from './period';
import { pathFromQuery, segmentFields } from './query';
import type { SegmentPath } from './segments';
import { searchText } from './search';
import { THEME_IDS } from './themes';

/** The filters of the comments page and the exports, read from one query string. */
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
