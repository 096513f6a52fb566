import { describe, expect, it } from 'vitest';
import { colours, intervalChart, type IntervalRow } from '@/charts';
import { elements, numbers, texts, tooltips, viewBox } from './markup';

const frame = { id: 'segments', title: 'NPS by plan', description: 'NPS and 95% interval per plan' };
const row = (label: string, nps: number | null, extra: Partial<IntervalRow> = {}): IntervalRow => ({
  label,
  nps,
  low: nps === null ? null : nps - 15,
  high: nps === null ? null : nps + 15,
  ...extra,
});

describe('interval chart', () => {
  it('grows one row height per row', () => {
    const [, , , one] = viewBox(intervalChart({ ...frame, rows: [row('Free', 10)] }));
    const [, , , three] = viewBox(intervalChart({ ...frame, rows: [row('Free', 10), row('Pro', 20), row('Team', 30)] }));
    expect((three ?? 0) - (one ?? 0)).toBe(52);
  });

  it('puts higher NPS further right, the interval around the dot', () => {
    const svg = intervalChart({ ...frame, rows: [row('Low', -60), row('High', 60)] });
    const [low, high] = numbers(svg, 'circle', 'cx') as [number, number];
    expect(low).toBeLessThan(high);
    const [from, to] = elements(svg, 'line')
      .filter((line) => line.y1 === line.y2 && Number(line.y1) === Number(elements(svg, 'circle')[1]?.cy))
      .flatMap((line) => [Number(line.x1), Number(line.x2)]) as [number, number];
    expect(from).toBeLessThan(high);
    expect(to).toBeGreaterThan(high);
  });

  it('shows each value with its interval on the right', () => {
    const svg = intervalChart({ ...frame, rows: [row('Pro', 20)] });
    expect(texts(svg)).toContain('+20 (+5 to +35)');
    expect(tooltips(svg)).toContain('Pro: NPS +20 (95% CI +5 to +35)');
  });

  it('says "too few answers" for a row without an estimate, and draws no dot', () => {
    const svg = intervalChart({ ...frame, rows: [row('Enterprise', null), row('Pro', 20)] });
    const tooFew = elements(svg, 'text').find((_, i) => texts(svg)[i] === 'too few answers');
    expect(tooFew?.fill).toBe(colours.textMuted);
    expect(elements(svg, 'circle')).toHaveLength(1);
    expect(texts(svg)).toContain('Enterprise');
  });

  it('draws gridlines at ±50 and a stronger zero line', () => {
    const svg = intervalChart({ ...frame, rows: [row('Pro', 20)] });
    const uprights = elements(svg, 'line').filter((line) => line.x1 === line.x2 && line.stroke !== colours.textMuted);
    expect(uprights).toHaveLength(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(['−50', '0', '+50']));
  });

  it('shortens a long label with an ellipsis and keeps it whole in a tooltip', () => {
    const long = 'Customers on the annual enterprise plan in Europe';
    const svg = intervalChart({ ...frame, rows: [row(long, 20)] });
    const shown = texts(svg).find((label) => label.endsWith('…'));
    expect(Array.from(shown ?? '').length).toBeLessThanOrEqual(28);
    expect(long.startsWith(shown?.slice(0, -1) ?? '-')).toBe(true);
    expect(tooltips(svg)).toContain(long);
  });

  it('keeps a label of 28 characters whole', () => {
    const label = 'x'.repeat(28);
    expect(texts(intervalChart({ ...frame, rows: [row(label, 20)] }))).toContain(label);
  });

  it('links a label when the row has an address, escaped', () => {
    const svg = intervalChart({ ...frame, rows: [row('Pro', 20, { href: '/results/q1?plan=pro&from=2026-01' }), row('Free', 10)] });
    expect(elements(svg, 'a')).toEqual([{ href: '/results/q1?plan=pro&amp;from=2026-01' }]);
    expect(svg).toMatch(/<a href="[^"]+"><text[^>]*>Pro<\/text><\/a>/);
  });

  it('is a group named by its title when a row links, so the links can be reached; an image otherwise', () => {
    const linked = intervalChart({ ...frame, rows: [row('Pro', 20, { href: '/results/q1?plan=pro' }), row('Free', 10)] });
    expect(elements(linked, 'svg')[0]).toMatchObject({ role: 'group', 'aria-labelledby': 'segments-title segments-desc' });
    expect(elements(intervalChart({ ...frame, rows: [row('Pro', 20), row('Free', 10)] }), 'svg')[0]?.role).toBe('img');
    expect(elements(intervalChart({ ...frame, rows: [row('Pro', 20, { href: 'javascript:alert(1)' })] }), 'svg')[0]?.role).toBe('img');
  });

  it('hides the axis ticks from assistive technology, since each row says its own value', () => {
    const svg = intervalChart({ ...frame, rows: [row('Pro', 20, { href: '/results/q1?plan=pro' })] });
    const hidden = /<g aria-hidden="true">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(texts(hidden)).toEqual(['−100', '−50', '0', '+50', '+100']);
    expect(texts(svg.replace(hidden, ''))).toEqual(['Pro', '+20 (+5 to +35)']);
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>'])(
    'does not link %j',
    (href) => {
      const svg = intervalChart({ ...frame, rows: [row('Pro', 20, { href })] });
      expect(elements(svg, 'a')).toEqual([]);
      expect(texts(svg)).toContain('Pro');
    },
  );

  it('links absolute web addresses', () => {
    const svg = intervalChart({ ...frame, rows: [row('Pro', 20, { href: 'https://nps.example/results' })] });
    expect(elements(svg, 'a')).toEqual([{ href: 'https://nps.example/results' }]);
  });

  it('draws the benchmark band behind every row only when there is one', () => {
    const rows = [row('Free', 10), row('Pro', 20)];
    const svg = intervalChart({ ...frame, rows, benchmark: { low: 30, high: 50, label: 'SaaS benchmark' } });
    const [band] = elements(svg, 'rect');
    expect(band?.fill).toBe(colours.benchmark);
    expect(Number(band?.height)).toBe(52);
    expect(svg.indexOf('<rect')).toBeLessThan(svg.indexOf('<circle'));
    expect(texts(svg)).toContain('SaaS benchmark');

    expect(elements(intervalChart({ ...frame, rows }), 'rect')).toEqual([]);
  });

  it('says so when there are no rows', () => {
    expect(texts(intervalChart({ ...frame, rows: [] }))).toEqual(['No answers']);
  });
});
