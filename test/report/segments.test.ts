import { describe, expect, it } from 'vitest';
import { parentKey, parsePathKey, pathKey, segmentPaths } from '@/report/segments';

const DIMENSIONS = ['department', 'function', 'person'];

describe('segment paths', () => {
  it('counts an answer at the company and at each level it names', () => {
    expect(segmentPaths(DIMENSIONS, { department: 'Support', function: 'Tier 1', person: 'Eva' })).toEqual([
      [],
      ['Support'],
      ['Support', 'Tier 1'],
      ['Support', 'Tier 1', 'Eva'],
    ]);
  });

  it('stops at the first level without a value: a person needs a function and a department', () => {
    expect(segmentPaths(DIMENSIONS, { department: 'Sales', person: 'Bo' })).toEqual([[], ['Sales']]);
    expect(segmentPaths(DIMENSIONS, {})).toEqual([[]]);
  });

  it('keeps values with separators intact', () => {
    const path = ['R&D / EMEA', 'a,b', '"quoted"'];
    expect(parsePathKey(pathKey(path))).toEqual(path);
    expect(parentKey(path)).toBe(pathKey(path.slice(0, 2)));
    expect(parentKey([])).toBeNull();
  });
});
