import { CATEGORIES, type Category } from '../nps/category';
import type { Survey } from '../schemas/survey';
import type { ResponseFilter } from '../../functions/db/response-queries';
import { parsePeriod, periodMs, type Period } from './period';
import { pathFromQuery, segmentFields } from './query';
import type { SegmentPath } from './segments';
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

export function responseQuery(survey: Survey, params: URLSearchParams, today: string): ResponseQuery | { error: string } {
  const period = parsePeriod(params, today);
  if ('error' in period) return period;
  const rawCategory = params.get('category');
  if (rawCategory && !(CATEGORIES as readonly string[]).includes(rawCategory)) return { error: `category must be one of ${CATEGORIES.join(', ')}` };
  const category = (rawCategory || undefined) as Category | undefined;
  const q = params.get('q')?.trim().slice(0, 200) || undefined;
  const theme = params.get('theme') || undefined;
  if (theme && !THEME_IDS.includes(theme)) return { error: `theme must be one of ${THEME_IDS.join(', ')}` };
  const path = pathFromQuery(survey, params);
  const segments = segmentFields(survey, path);
  return { period, path, segments, category, q, theme, filter: { ...periodMs(period), category, segments, q, theme } };
}
