/** The survey catalogue as the Worker's routes import it: the core's one catalogue (src/survey/catalog.ts). */
export { getSurvey, listSurveys, loadSurveys } from '@/survey/catalog';
