/** The node of the organisation a results URL points at (?department=Support&function=Tier%201), and links to other nodes. */
import type { Survey } from '@/schemas/survey';
import { periodFields, type Period } from '@/report/days';
import type { SegmentPath } from '@/report/segments';

export function pathFromQuery(survey: Survey, params: URLSearchParams): SegmentPath {
  const path: string[] = [];
  for (const dimension of survey.segments) {
    const value = params.get(dimension);
    if (!value) break;
    path.push(value);
  }
  return path;
}

/** The path as query fields, dimension → value: { department: 'Support', function: 'Tier 1' }. */
export function segmentFields(survey: Survey, path: SegmentPath): Record<string, string> {
  return Object.fromEntries(path.map((value, i) => [survey.segments[i]!, value]));
}

/** A results link that keeps the period and moves to `path`. */
export function resultsHref(survey: Survey, path: SegmentPath, period: Period, page = '') {
  const params = new URLSearchParams({ ...periodFields(period), ...segmentFields(survey, path) });
  return `/results/${survey.id}/${page}?${params.toString()}`;
}
