import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { COMMENTS_PER_PAGE, loadCommentsPage } from '../../functions/pages/comments';
import { postJson, uniqueName } from '../support/api';

describe('the comments page', () => {
  it('pages by public ref: no response id (the respondent\'s key to amend) in the rows or the next-page link', async () => {
    const department = uniqueName('Pages');
    const ids: string[] = [];
    for (let i = 0; i < COMMENTS_PER_PAGE + 2; i++) {
      const res = await postJson('/api/surveys/demo/responses', { score: i % 11, reason: `Comment ${i}`, segments: { department } });
      ids.push((await res.json<{ id: string }>()).id);
    }
    const url = (query: string) => new URL(`https://nps.example/results/demo/comments?department=${department}${query}`);
    const first = await loadCommentsPage(env.DB, 'demo', url(''));
    if (first instanceof Response) throw new Error(await first.text());
    expect(first.comments).toHaveLength(COMMENTS_PER_PAGE);
    expect(first.next).toMatch(/^\d+\.[0-9a-f]{16}$/);
    const second = await loadCommentsPage(env.DB, 'demo', url(`&after=${first.next}`));
    if (second instanceof Response) throw new Error(await second.text());
    expect(second.comments).toHaveLength(2);
    expect(second.next).toBeNull();
    const shown = [...first.comments, ...second.comments];
    expect(new Set(shown.map((c) => c.reason))).toEqual(new Set(ids.map((_, i) => `Comment ${i}`)));
    const printed = JSON.stringify([first.comments, first.next, second.comments]);
    for (const id of ids) expect(printed).not.toContain(id);
  });
});
