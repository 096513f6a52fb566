/** Each wave's response rate and NPS, from its counts (no I/O): the trend read per wave. */
import { estimate, type NpsEstimate } from '@/nps/interval';
import { wilsonInterval } from '@/nps/proportion';
import type { CategoryCounts } from '@/nps/score';
import type { Wave } from '@/schemas/wave';

export interface WaveFigures {
  wave: Wave;
  /** answered / invited, with its 95% Wilson interval; null before anyone is invited. */
  rate: { value: number; low: number; high: number } | null;
  /** The NPS of the wave's answers with its adjusted Wald interval; `shown` false under the survey's privacy floor. */
  nps: NpsEstimate & { shown: boolean };
}

export function waveFigures(wave: Wave, answers: CategoryCounts, privacyFloor: number): WaveFigures {
  const interval = wilsonInterval(wave.answered, wave.invited);
  const nps = estimate(answers);
  return {
    wave,
    rate: interval ? { value: wave.answered / wave.invited, low: interval[0], high: interval[1] } : null,
    nps: { ...nps, shown: nps.n >= privacyFloor },
  };
}
