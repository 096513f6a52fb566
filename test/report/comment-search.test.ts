import { env } from 'cloudflare:workers';
import { csvParse } from 'd3-dsv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { saveResponse } from '../../functions/db/responses';
import { categorise } from '@/nps/category';
import { loadCommentsPage } from '../../functions/pages/comments';
import { EXTRA_FOLDS } from '@/report/search';
import { admin, postJson, request, uniqueName } from '../support/api';

/**
 * The comments page's text search (?q=) through the FTS5 index of migrations/0005: long
 * queries (D1 refuses LIKE patterns over 50 bytes), FTS syntax typed as words, letters with
 * and without diacritics in every survey language, follow-ups, edits and deletions.
 */
const HOUR = 3_600_000;

async function comment(reason: string | undefined, options: { followUp?: string; hoursAgo?: number; department?: string } = {}) {
  const score = 4;
  const { ref } = await saveResponse(
    env.DB,
    { survey: 'demo', score, category: categorise(score), reason, followUp: options.followUp, answers: {}, segments: { department: options.department }, locale: 'en', channel: 'link' },
    Date.now() - (options.hoursAgo ?? 1) * HOUR,
  );
  return ref;
}

/** The public ref staff see for a response the API answered with its id. */
async function refOf(id: string) {
  return (await env.DB.prepare('SELECT ref FROM responses WHERE id = ?').bind(id).first<{ ref: string }>())!.ref;
}

async function commentsPage(params: Record<string, string>) {
  return loadCommentsPage(env.DB, 'demo', new URL(`https://nps.example/results/demo/comments?${new URLSearchParams(params)}`));
}

/** The refs the comments page lists for a search, in its order (first page). */
async function search(q: string, params: Record<string, string> = {}) {
  const page = await commentsPage({ q, ...params });
  if (page instanceof Response) throw new Error(`${page.status} ${await page.text()}`);
  return page.comments.map((c) => c.ref);
}

async function indexIsConsistent() {
  // FTS5's own check, comparing the index with the text of every response (rank = 1).
  await env.DB.prepare("INSERT INTO comment_search (comment_search, rank) VALUES ('integrity-check', 1)").run();
}

describe('the comments search', () => {
  it('finds comments with a 200-character query, and refuses 201 characters naming q', async () => {
    const word = uniqueName('parcel').replace('-', '');
    const id = await comment(`The ${word} was late, and the late delivery was wet`);
    // 14 + 18 × 10 + 6 characters; LIKE would need a 200-byte pattern, and D1 refuses over 50.
    const q = `${word}${' late delivery wet'.repeat(10)} deliv`;
    expect([...q]).toHaveLength(200);
    expect(await search(q)).toEqual([id]);
    const tooLong = await commentsPage({ q: `${q}e` });
    expect(tooLong).toBeInstanceOf(Response);
    expect((tooLong as Response).status).toBe(400);
    expect(await (tooLong as Response).text()).toContain('q must be at most 200 characters');
  });

  it('searches what people type as plain words, FTS operators and quotes included', async () => {
    const word = uniqueName('zipper').replace('-', '');
    const a = await comment(`NOT what I ordered (wrong size) AND the ${word} broke`);
    const b = await comment(`Shop near the station; reason: ${word} price "too high"`);
    const cases: [string, string[]][] = [
      [`NOT ${word}`, [a]],
      [`${word} AND broke`, [a]],
      [`(wrong ${word}`, [a]],
      [`"wrong size" ${word}`, [a]],
      [`${word} OR nothing`, []],
      [`reason: ${word}`, [b]],
      [`NEAR(station ${word})`, [b]],
      [`${word}* "too high"`, [b]],
      [`^${word} -price +near`, [b]],
      [`${word} ''' "" \\ ; -- /*`, [b, a]],
    ];
    for (const [q, ids] of cases) expect(new Set(await search(q)), q).toEqual(new Set(ids));
    for (const q of ['*', '"', '(', ')', ':', '^', 'AND', 'NEAR(', '" OR "', '- - -', 'a '.repeat(100).trim(), 'ab*'.repeat(66)]) {
      expect(await commentsPage({ q }), q).not.toBeInstanceOf(Response);
    }
  });

  it('never answers 5xx, on the page or in the export, whatever is typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.stringMatching(/^[ "*^():+\-A-Za-z.]{0,200}$/)), async (q) => {
        const page = await commentsPage({ q });
        if (page instanceof Response) expect(page.status).toBe(400);
        const res = await request(`/api/surveys/demo/responses.json?${new URLSearchParams({ q })}`, { headers: admin });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) expect(Array.isArray(await res.json())).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('matches with or without diacritics in every survey language', async () => {
    const tag = uniqueName('x').replace('-', '');
    const said = {
      sv: await comment(`${tag} Försening av paketet`),
      pl: await comment(`${tag} Opóźnienie dostawy, złe opakowanie`),
      da: await comment(`${tag} Forsinkelsen var lang, men chaufføren var sød`),
      de: await comment(`${tag} Die Straße war gesperrt, Lieferung verspätet`),
      nb: await comment(`${tag} Ærlig talt for dårlig`),
      fi: await comment(`${tag} Toimitus myöhästyi viikolla`),
      en: await comment(`${tag} Naïve courier, forsening`),
    };
    const typed: [string, string[]][] = [
      ['forsening', [said.sv, said.en]],
      ['försening', [said.sv, said.en]],
      ['opoznienie', [said.pl]],
      ['zle opakowanie', [said.pl]],
      ['forsinkelse', [said.da]],
      ['chaufforen sod', [said.da]],
      ['strasse verspatet', [said.de]],
      ['Straße', [said.de]],
      ['aerlig darlig', [said.nb]],
      ['myohastyi', [said.fi]],
      ['naive', [said.en]],
    ];
    for (const [q, ids] of typed) expect(new Set(await search(`${tag} ${q}`)), q).toEqual(new Set(ids));
  });

  it('folds æ ø ł ß (and capitals) the same way in the index and the query', async () => {
    for (const [letter, typed] of Object.entries(EXTRA_FOLDS)) {
      const word = `q${letter}${uniqueName('w').slice(2)}`;
      const id = await comment(`Word ${word}`);
      expect(await search(word.replace(letter, typed)), letter).toEqual([id]);
    }
  });

  it('finds the text of a follow-up, and a follow-up added later', async () => {
    const word = uniqueName('invoice').replace('-', '');
    const early = await comment('Fine', { followUp: `Call me about the ${word}` });
    expect(await search(word)).toEqual([early]);

    const later = uniqueName('lining').replace('-', '');
    const { id } = await (await postJson('/api/surveys/demo/responses', { score: 5, reason: 'Meh' })).json<{ id: string }>();
    expect(await search(later)).toEqual([]);
    const res = await request(`/api/surveys/demo/responses/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ followUp: `The ${later} tore after a week` }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await search(later)).toEqual([await refOf(id)]);
    await indexIsConsistent();
  });

  it('keeps the index in step when an answer is replaced or deleted', async () => {
    const before = uniqueName('umbrella').replace('-', '');
    const after = uniqueName('raincoat').replace('-', '');
    const invited = await postJson('/api/invitations', { survey: 'demo', recipients: [{ externalId: uniqueName('crm') }] }, admin);
    const token = (await invited.json<{ results: { id: string }[] }>()).results[0]!.id;
    const first = await (await postJson('/api/surveys/demo/responses', { score: 3, reason: `My ${before} leaked`, invitation: token })).json<{ id: string }>();
    expect(await search(before)).toEqual([await refOf(first.id)]);
    // Answering the invitation again replaces the answer (an upsert): the old words leave the index.
    const second = await (await postJson('/api/surveys/demo/responses', { score: 8, reason: `The ${after} is fine`, invitation: token })).json<{ id: string }>();
    expect(second.id).toBe(first.id);
    expect(await search(before)).toEqual([]);
    expect(await search(after)).toEqual([await refOf(first.id)]);
    await indexIsConsistent();

    await env.DB.prepare('DELETE FROM responses WHERE id = ?').bind(first.id).run();
    expect(await search(after)).toEqual([]);
    await indexIsConsistent();
  });

  it('ranks the best match first, newest first among equals, and pages through every match once', async () => {
    const word = uniqueName('courier').replace('-', '');
    for (let i = 0; i < 40; i++) await comment(`Unrelated comment number ${i} about the weather`, { hoursAgo: 500 + i });
    const strong = await comment(`${word} ${word} ${word}: the ${word} again`, { hoursAgo: 400 });
    const older = await comment(`The ${word} was rude to me on the phone today`, { hoursAgo: 300 });
    const newer = await comment(`The ${word} was rude to me on the phone today`, { hoursAgo: 200 });
    const rest: string[] = [];
    for (let i = 0; i < 27; i++) rest.push(await comment(`Something about the ${word} and a long story number ${i} of waiting at the door for hours`, { hoursAgo: 100 - i }));

    const seen: { ref: string; rank: number; created_at: number }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await commentsPage({ q: word, ...(after ? { after } : {}) });
      if (page instanceof Response) throw new Error(await page.text());
      expect(page.order).toBe('relevance');
      seen.push(...page.comments.map((c) => ({ ref: c.ref, rank: c.rank!, created_at: c.created_at })));
      after = page.next;
      pages += 1;
    } while (after);

    expect(pages).toBe(2);
    expect(seen.map((s) => s.ref).sort()).toEqual([strong, older, newer, ...rest].sort());
    expect(seen[0]!.ref).toBe(strong);
    expect(seen.findIndex((s) => s.ref === newer)).toBe(seen.findIndex((s) => s.ref === older) - 1);
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.rank < b.rank || (a.rank === b.rank && a.created_at >= b.created_at)).toBe(true);
    }
  });

  it('refuses a cursor it did not make, naming after', async () => {
    for (const after of ['1', 'abc', '1.short', `1.${'a'.repeat(22)}`, `1.${'g'.repeat(16)}`]) {
      const page = await commentsPage({ q: 'late', after });
      expect(page, after).toBeInstanceOf(Response);
      expect((page as Response).status).toBe(400);
      expect(await (page as Response).text()).toContain('after');
    }
    expect(await commentsPage({ after: `-1e-6~1.${'a'.repeat(16)}` })).toBeInstanceOf(Response);
  });

  it('exports the answers a long search matches, not just the header row', async () => {
    const department = uniqueName('Search');
    const word = uniqueName('pallet').replace('-', '');
    const ids = [
      await comment(`The ${word} arrived broken, again a broken ${word}`, { department, hoursAgo: 3 }),
      await comment(`No ${word} at all`, { department, hoursAgo: 2 }),
    ];
    await comment('Nothing to see here', { department });
    const q = `${word}${' broken'.repeat(26)}`;
    for (const path of ['/api/surveys/demo/responses.csv', '/results/demo/export.csv']) {
      const res = await request(`${path}?${new URLSearchParams({ department, q })}`, { headers: admin });
      expect(res.status).toBe(200);
      expect(csvParse(await res.text()).map((row) => row.ref)).toEqual([ids[0]]);
    }
    const all = await request(`/api/surveys/demo/responses.json?${new URLSearchParams({ department, q: word })}`, { headers: admin });
    expect((await all.json<{ ref: string }[]>()).map((row) => row.ref)).toEqual(ids);
    const tooLong = await request(`/api/surveys/demo/responses.csv?${new URLSearchParams({ q: 'x'.repeat(201) })}`, { headers: admin });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ issues: [{ path: 'q' }] });
  });
});
