import { describe, expect, it } from 'vitest';
import { chartFrame, escapeXml, formatNps, tag, wholePercentages } from '@/charts';
import { elements } from './markup';

describe('chart markup helpers', () => {
  it('escapes the five XML special characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('rounds numbers to one decimal, escapes strings and leaves out missing attributes', () => {
    expect(tag('circle', { cx: 1.26, cy: -0.04, r: 3, class: '"x"', fill: undefined })).toBe('<circle cx="1.3" cy="0" r="3" class="&quot;x&quot;"/>');
  });

  it('frames a chart with its title and description', () => {
    const svg = chartFrame({ id: 'c', title: 'A & B', description: 'x < y', width: 100, height: 50, body: '' });
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" role="img" aria-labelledby="c-title c-desc" class="chart" font-family="system-ui, sans-serif"><title id="c-title">A &amp; B</title><desc id="c-desc">x &lt; y</desc></svg>',
    );
  });

  it('frames a chart that holds links as a named group, not an image, so the links stay reachable', () => {
    const [root] = elements(chartFrame({ id: 'c', title: 'By team', description: 'NPS per team', width: 100, height: 50, body: '<a href="/t"><text>Team</text></a>', links: true }), 'svg');
    expect(root).toMatchObject({ role: 'group', 'aria-labelledby': 'c-title c-desc' });
  });

  it.each([
    [12.4, '+12'],
    [-7.6, '−8'],
    [0, '0'],
    [-0.4, '0'],
    [0.4, '0'],
    [100, '+100'],
  ])('writes an NPS of %d as %s', (value, written) => {
    expect(formatNps(value)).toBe(written);
  });

  it.each([
    [[1, 1, 1], [34, 33, 33]],
    [[1, 2], [33, 67]],
    [[0, 0, 5], [0, 0, 100]],
    [[0, 0], [0, 0]],
    [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6], [14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 86]],
  ])('shares %j as whole percentages %j', (counts, percentages) => {
    expect(wholePercentages(counts)).toEqual(percentages);
  });
});
