import { describe, expect, it } from 'vitest';
import { categorySplit, colours } from '@/charts';
import { elements, texts, tooltips, viewBox } from './markup';

const frame = { id: 'split', title: 'Promoters, passives and detractors', description: 'Share of answers by category' };

describe('category split', () => {
  it('stacks detractors, passives and promoters left to right across the full width', () => {
    const svg = categorySplit({ ...frame, promoters: 50, passives: 30, detractors: 20 });
    const segments = elements(svg, 'rect');
    expect(segments.map((segment) => segment.fill)).toEqual([colours.detractor, colours.passive, colours.promoter]);
    expect(segments.map((segment) => Number(segment.width))).toEqual([128, 192, 320]);
    expect(segments.map((segment) => Number(segment.x))).toEqual([0, 128, 320]);
    expect(viewBox(svg)).toEqual([0, 0, 640, 36]);
  });

  it('names each segment with its count and share', () => {
    const svg = categorySplit({ ...frame, promoters: 26, passives: 12, detractors: 12 });
    expect(tooltips(svg)).toEqual(['Detractors: 12 (24%)', 'Passives: 12 (24%)', 'Promoters: 26 (52%)']);
  });

  it('gives percentages that add up to 100 even when thirds round down', () => {
    const svg = categorySplit({ ...frame, promoters: 1, passives: 1, detractors: 1 });
    const labels = texts(svg).map((label) => Number(label.replace('%', '')));
    expect(labels.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('hides the label of a segment too narrow to hold it, keeping its tooltip', () => {
    const svg = categorySplit({ ...frame, promoters: 92, passives: 1, detractors: 7 });
    expect(texts(svg)).toEqual(['92%']);
    expect(tooltips(svg)).toContain('Passives: 1 (1%)');
    expect(tooltips(svg)).toContain('Detractors: 7 (7%)');
  });

  it('labels a segment of exactly 8%', () => {
    expect(texts(categorySplit({ ...frame, promoters: 92, passives: 0, detractors: 8 }))).toEqual(['8%', '92%']);
  });

  it('leaves out an empty category', () => {
    const svg = categorySplit({ ...frame, promoters: 3, passives: 0, detractors: 1 });
    expect(elements(svg, 'rect').map((segment) => segment.fill)).toEqual([colours.detractor, colours.promoter]);
  });

  it('says so when there are no answers', () => {
    expect(texts(categorySplit({ ...frame, promoters: 0, passives: 0, detractors: 0 }))).toEqual(['No answers']);
  });
});
