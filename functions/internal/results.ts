/** The results site's pages the Worker writes itself: the export downloads under /results/<survey>/. */
import { Hono } from 'hono';
import { requireStaff } from '../auth/staff';
import { surveyParam, type SurveyEnv } from '../http/survey';
import { exportResponses } from '../api/export';

/** Mounted at /results. The login cookie opens these links as it opens the pages. */
export const resultsExports = new Hono<SurveyEnv>()
  .get('/:survey/export.csv', requireStaff, surveyParam(), (c) => exportResponses(c, 'csv'))
  .get('/:survey/export.json', requireStaff, surveyParam(), (c) => exportResponses(c, 'json'));
