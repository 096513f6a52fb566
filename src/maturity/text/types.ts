/** The shape every locale's wording of the maturity self-test fills in. */
import type { StatementId } from '../levels';

type Five<T> = [T, T, T, T, T];
type Level = { name: string; description: string };

export interface MaturityText {
  title: string;
  intro: string;
  /** The agreement scale, 1 to 5, in words. */
  scale: Five<string>;
  statements: Record<StatementId, string>;
  /** Levels 0 ("not yet at level 1") to 5. */
  levels: [Level, Level, Level, Level, Level, Level];
  /** What to do to reach levels 1 to 5 (index 0 is level 1), 3 to 5 each. */
  activities: Five<string[]>;
  department: string;
  optional: string;
  submit: string;
  resultTitle: string;
  /** {level} {name} */
  yourLevel: string;
  distance: string;
  level: string;
  average: string;
  toGo: string;
  met: string;
  /** {level} {name} */
  next: string;
  top: string;
  again: string;
}
