/** The organisation as a path of segment values, and how paths are stored as keys. */
/**
 * The organisation as a path, top down along a survey's segment dimensions
 * (department → function → person by default): [] is the whole company.
 */
export type SegmentPath = string[];

/** Every level an answer counts at: the company, then each dimension while it has a value. */
export function segmentPaths(dimensions: readonly string[], segments: Record<string, unknown>): SegmentPath[] {
  const paths: SegmentPath[] = [[]];
  const path: string[] = [];
  for (const dimension of dimensions) {
    const value = segments[dimension];
    if (typeof value !== 'string' || value === '') break;
    path.push(value);
    paths.push([...path]);
  }
  return paths;
}

/** How paths are stored and compared: JSON text, so any value (with / or commas) is safe. */
export const pathKey = (path: SegmentPath) => JSON.stringify(path);
export const parentKey = (path: SegmentPath) => (path.length === 0 ? null : JSON.stringify(path.slice(0, -1)));

export function parsePathKey(key: string): SegmentPath {
  const value: unknown = JSON.parse(key);
  return Array.isArray(value) ? value.map(String) : [];
}
