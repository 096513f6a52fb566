/** Loader of /results/<survey>/waves: each wave's counts, response rate and NPS, newest first (two D1 queries). */
import { waveFigures } from '@/report/waves';
import { listWaves } from '../db/waves';
import { rollupStatus } from '../db/rollups';
import { getSurvey } from '../surveys/catalog';
import { plainText, storageUnavailable } from './reply';

// Live counts from the waves' invitations (index ranges per wave, not the rollups): a wave's
// answers are a few thousand rows at most, and a survey has two waves a year.
export async function loadWavesPage(db: D1Database, id: string | undefined) {
  const survey = id ? getSurvey(id) : undefined;
  if (!survey) return plainText(404, 'No such survey');
  try {
    const [status, waves] = await Promise.all([rollupStatus(db), listWaves(db, survey.id)]);
    return { status, survey, waves: waves.map((w) => waveFigures(w.wave, w.answers, survey.privacyFloor)) };
  } catch (error) {
    return storageUnavailable(error);
  }
}
