/** The maturity self-test's result page, written by the Worker in the respondent's language from the pure score. */
import { html } from 'hono/html';
import type { Locale } from '@/i18n/locales';
import { fill, maturityText } from '@/maturity/text';
import { nextLevel, type MaturityScore } from '@/maturity/score';
import { respondentPage } from '../api/html';

export function maturityResultPage(locale: Locale, score: MaturityScore, again: string) {
  const t = maturityText(locale);
  const average = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const reached = t.levels[score.level];
  const next = nextLevel(score.level);
  // At the top, the level-5 habits are the ones to keep.
  const activities = t.activities[(next ?? 5) - 1]!;
  return respondentPage(
    locale,
    t.resultTitle,
    html`<h2 data-level="${score.level}">${fill(t.yourLevel, { level: score.level, name: reached.name })}</h2>
<p>${reached.description}</p>
<h2>${t.distance}</h2>
<table class="levels">
<thead><tr><th scope="col">${t.level}</th><th scope="col" class="num">${t.average}</th><th scope="col" class="num">${t.toGo}</th></tr></thead>
<tbody>${score.levels.map(
      (l) =>
        html`<tr data-level="${l.level}"><th scope="row">${l.level} · ${t.levels[l.level].name}</th><td class="num">${average.format(l.mean)}</td><td class="num" data-points="${l.pointsNeeded}">${l.met ? `✓ ${t.met}` : l.pointsNeeded}</td></tr>`,
    )}</tbody>
</table>
<h2>${next ? fill(t.next, { level: next, name: t.levels[next].name }) : t.top}</h2>
<ul class="activities">${activities.map((a) => html`<li>${a}</li>`)}</ul>
<p><a href="${again}">${t.again}</a></p>`,
  );
}
