import { describe, expect, it } from 'vitest';
import { planChange, type FollowUpState } from '@/follow-ups/transitions';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@/schemas/follow-up';

const at = (status: FollowUpStatus): FollowUpState => ({ status, owner: null, due: '2026-12-01' });

// Every pair of statuses: allowed without a note, only with a note, or never.
const ALLOWED: Record<FollowUpStatus, Partial<Record<FollowUpStatus, 'yes' | 'with a note'>>> = {
  new: { contacted: 'yes', resolved: 'yes', 'no-action': 'yes' },
  contacted: { resolved: 'yes', 'no-action': 'yes' },
  resolved: { contacted: 'with a note', new: 'with a note' },
  'no-action': { contacted: 'with a note', new: 'with a note' },
};

describe('follow-up transitions', () => {
  for (const from of FOLLOW_UP_STATUSES) {
    for (const to of FOLLOW_UP_STATUSES) {
      if (from === to) continue;
      const rule = ALLOWED[from][to];
      it(`${from} → ${to}: ${rule ?? 'never'}`, () => {
        const bare = planChange(at(from), { status: to });
        const noted = planChange(at(from), { status: to, note: 'why' });
        expect(bare.ok).toBe(rule === 'yes');
        expect(noted.ok).toBe(rule !== undefined);
        if (noted.ok) expect(noted.changes).toEqual([{ field: 'status', value: to }, { field: 'note', value: 'why' }]);
      });
    }
    it(`${from} → ${from} changes nothing`, () => {
      expect(planChange(at(from), { status: from })).toEqual({ ok: true, state: at(from), changes: [] });
    });
  }
});
