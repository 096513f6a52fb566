/** The customer-focus maturity model (domain brief, "Customer-focus maturity"): five levels and the statements that test each. */

/** Level 0 is "not yet at level 1": not even the first level's statements are met. */
export const MATURITY_LEVELS = [1, 2, 3, 4, 5] as const;
export type MaturityLevel = (typeof MATURITY_LEVELS)[number];
export type MaturityResultLevel = 0 | MaturityLevel;

/**
 * Each statement belongs to one level; its wording is per locale (src/maturity/text/). Ids are
 * stable: they are the stored answers' keys and the form's field names (answers.<id>).
 */
export const STATEMENTS = [
  { id: 'complaints', level: 1 },
  { id: 'talk', level: 1 },
  { id: 'survey', level: 2 },
  { id: 'acted', level: 2 },
  { id: 'definition', level: 3 },
  { id: 'rhythm', level: 3 },
  { id: 'benchmark', level: 3 },
  { id: 'ownership', level: 4 },
  { id: 'kpis', level: 4 },
  { id: 'above', level: 4 },
  { id: 'differentiate', level: 5 },
  { id: 'decisions', level: 5 },
] as const satisfies readonly { id: string; level: MaturityLevel }[];
export type StatementId = (typeof STATEMENTS)[number]['id'];
export const STATEMENT_IDS = STATEMENTS.map((s) => s.id) as [StatementId, ...StatementId[]];

/** The five-point agreement scale: 1 strongly disagree … 5 strongly agree. */
export const AGREEMENT = [1, 2, 3, 4, 5] as const;

/** A level is met when the mean of its statements' answers is at least this. */
export const MEETS = 4;

export const statementsOf = (level: MaturityLevel) => STATEMENTS.filter((s) => s.level === level);
